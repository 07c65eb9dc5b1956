#pragma once

// What an import of a recording did: the summary text of the core's importer (producer, clock,
// tasks, every lane or event left out and why), in a window of its own that does not block the
// graph behind it.

#include <QDialog>

class QPlainTextEdit;

namespace lookahead {

class ImportSummaryDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportSummaryDialog(QWidget* parent = nullptr);
    /// Shows the summary `text` of the import of `path`.
    void setSummary(const QString& path, const QString& text);
    QString text() const;

private:
    QPlainTextEdit* m_text;
};

} // namespace lookahead
