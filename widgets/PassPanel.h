#pragma once

// The pass panel, generated from the registry's option metadata: the passes grouped by family (what
// they model), one checkable group per pass, one
// editor per option (spin box, combo box, check box, line edit for words and lists) with the
// option's help as tooltip, the pipeline text (shown and editable), presets, and undo/redo of every
// change. The panel's state *is* a pipeline text: every edit becomes "text before → text after" on
// the undo stack, and pipelineChanged() tells the run controller.

#include "lookahead/PassRegistry.h"
#include "lookahead/Pipeline.h"

#include <QWidget>

#include <map>
#include <memory>
#include <vector>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QUndoStack;
class QFormLayout;
class QVBoxLayout;

namespace lookahead {

class PassFamilySection;

class PassPanel : public QWidget {
    Q_OBJECT
public:
    PassPanel(const PassRegistry& registry, QUndoStack* undoStack, QWidget* parent = nullptr);
    ~PassPanel() override;

    /// The canonical pipeline text of the panel's state.
    QString pipelineText() const { return m_text; }
    /// Parses `text` and shows it (an undoable change). Returns the error message, empty on success.
    QString setPipelineText(const QString& text);
    /// Sets PASS.OPTION from its pipeline-text form (the sweep dialog's chosen value), enabling the
    /// pass when it is off. One undo step of its own (never merged with an earlier edit). Returns
    /// the error message, empty on success.
    QString setOption(const QString& pass, const QString& option, const QString& value);

    /// The editor of one option (tests drive it like a user would).
    QWidget* editor(const QString& pass, const QString& option) const;
    QGroupBox* passBox(const QString& pass) const;
    QLineEdit* pipelineEdit() const { return m_pipelineEdit; }

    /// Orders the pass families for `graph` (nullptr: nothing loaded): the ones that apply first and
    /// open, the others closed with the reason they do not apply (the core's passFamiliesFor()).
    void setGraph(const TaskGraph* graph);
    /// The family sections in the order shown.
    const std::vector<PassFamilySection*>& familySections() const { return m_sections; }

    /// Statistics and timing of the last run, shown under each pass.
    void showRecords(const std::vector<PassRecord>& records);
    /// Shows a run error under the pipeline text (empty clears it).
    void showError(const QString& message);

    QStringList presetNames() const;
    void savePreset(const QString& name);
    bool loadPreset(const QString& name);
    void deletePreset(const QString& name);

signals:
    void pipelineChanged(const QString& pipeline);

private:
    friend class PipelineTextCommand;
    struct PassEntry;
    /// Applies text without touching the undo stack (the undo command calls it).
    void applyText(const QString& text);
    QString composeText() const;
    void pushChange(const QString& newText, int mergeId);
    void refreshEditors();
    /// `mergeable`: consecutive edits of one option (a dragged spin box) become one undo step.
    void optionEdited(PassEntry& entry, OptionBase& option, const OptionValue& value, bool mergeable = true);
    void buildPass(PassEntry& entry, QVBoxLayout* layout);
    /// The editor of `option` generated from its kind (spin box, check box, combo box, line edit),
    /// wired to optionEdited().
    QWidget* createEditor(PassEntry& entry, OptionBase* option, QWidget* parent);
    void refreshPresets();
    void buildFamilies(QWidget* content);

    const PassRegistry& m_registry;
    QUndoStack* m_undoStack;
    std::vector<std::unique_ptr<PassEntry>> m_entries;
    std::vector<std::string> m_order; ///< Pass order of the pipeline (text order, then enabling order).
    QString m_text;
    QLineEdit* m_pipelineEdit = nullptr;
    QLabel* m_errorLabel = nullptr;
    QComboBox* m_presets = nullptr;
    QVBoxLayout* m_familiesLayout = nullptr;
    std::vector<PassFamilySection*> m_sections;
    bool m_applying = false;
};

} // namespace lookahead
