#pragma once

// What the window shows when nothing is loaded (at first start, after a failed load): open a task
// graph, open a recording, the recent files, and one sample per optimization family with a sentence
// on what it shows. A failed load leaves its message at the top instead of an empty plot.

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace lookahead {

class StartPage : public QWidget {
    Q_OBJECT
public:
    /// A sample embedded as a Qt resource.
    struct Sample {
        QString resource; ///< `:/samples/...`
        QString label;    ///< Shown as the graph's label ("MoE SuperKernel sample").
        QString family;   ///< What it is for: "NPU SHAVE instruction prefetch".
        QString description;
    };
    /// One per optimization family, in the pass panel's family order.
    static std::vector<Sample> samples();

    explicit StartPage(QWidget* parent = nullptr);
    void setRecentFiles(const QStringList& paths);
    /// The message of the load that failed (empty hides it).
    void showProblem(const QString& title, const QString& message);
    QPushButton* sampleButton(int index) const;
    QString problemText() const;

signals:
    void openRequested();
    void importRequested();
    void recentChosen(const QString& path);
    void sampleChosen(const QString& resource, const QString& label);

private:
    QLabel* m_problem;
    QVBoxLayout* m_recentLayout;
    std::vector<QPushButton*> m_sampleButtons;
};

} // namespace lookahead
