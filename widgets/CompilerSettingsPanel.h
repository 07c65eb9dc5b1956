#pragma once

// The Compiler Settings dock: the pass panel's current pipeline in each toolchain's own words
// (lookahead/CompilerOptions.h), rebuilt on every pipeline or graph change. Per toolchain: the
// ready-to-paste lines with a Copy button that puts exactly those lines on the clipboard, what the
// chosen values need from the build, and in grey every chosen value that no option of the
// toolchain can express, with the reason (the source in the tooltip).

#include "lookahead/CompilerOptions.h"

#include <QWidget>

#include <map>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QToolButton;
class QVBoxLayout;

namespace lookahead {

class PassPanel;
class RunController;
struct LoadedGraph;

class CompilerSettingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit CompilerSettingsPanel(QWidget* parent = nullptr);
    /// Small: the toolchain blocks scroll, so the dock must not widen the window on a small screen.
    QSize minimumSizeHint() const override { return { 200, 120 }; }

    /// Follows `passes` (every pipeline change) and `controller` (the loaded graph's platform).
    void follow(PassPanel* passes, RunController* controller);

    /// Shows `pipeline` (pipeline text); a text that does not parse shows its error instead.
    void setPipeline(const QString& pipeline);
    /// The platform gives the target family and the NPU chip (per-chip defaults).
    void setPlatform(const Platform& platform);
    /// Also list values equal to a toolchain's default (the "--all" of the batch command).
    void setShowDefaults(bool all);

    const CompilerOptionsReport& report() const { return m_report; }
    /// What File > Export > Compiler Settings writes: the report as `batch compiler-options` prints it.
    QString exportText() const { return QString::fromStdString(m_report.text()); }

    /// The widgets of one toolchain's block (tests drive them like a user): nullptr when absent.
    QToolButton* copyButton(const QString& toolchain) const;
    QPlainTextEdit* linesView(const QString& toolchain) const;
    QStringList unsupportedLines(const QString& toolchain) const;

signals:
    /// After every rebuild (tests wait for it).
    void updated();

private:
    void rebuild();
    QWidget* toolchainBlock(const ToolchainSettings& block, QWidget* parent);

    QString m_pipelineText;
    std::optional<Platform> m_platform;
    bool m_all = false;
    CompilerOptionsReport m_report;
    QLabel* m_header = nullptr;
    QLabel* m_error = nullptr;
    QCheckBox* m_showDefaults = nullptr;
    QWidget* m_content = nullptr;
    QVBoxLayout* m_contentLayout = nullptr;
    std::map<QString, QToolButton*> m_copyButtons;
    std::map<QString, QPlainTextEdit*> m_linesViews;
    std::map<QString, QStringList> m_unsupported;
};

} // namespace lookahead
