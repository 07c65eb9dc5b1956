#include "ImportSummaryDialog.h"

#include <QFileInfo>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace lookahead {

ImportSummaryDialog::ImportSummaryDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("ImportSummaryDialog"));
    auto* layout = new QVBoxLayout(this);
    m_text = new QPlainTextEdit(this);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_text->setFont(mono);
    layout->addWidget(m_text);
    auto* close = new QPushButton(tr("Close"), this);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    layout->addWidget(close, 0, Qt::AlignRight);
    resize(760, 460);
}

void ImportSummaryDialog::setSummary(const QString& path, const QString& text)
{
    setWindowTitle(tr("Imported %1").arg(QFileInfo(path).fileName()));
    m_text->setPlainText(tr("%1\n\n%2").arg(path, text));
}

QString ImportSummaryDialog::text() const { return m_text->toPlainText(); }

} // namespace lookahead
