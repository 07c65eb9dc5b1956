#include "PassFamilySection.h"

#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace lookahead {

PassFamilySection::PassFamilySection(const QString& id, const QString& title, QWidget* parent)
    : QWidget(parent)
    , m_id(id)
{
    setObjectName(QStringLiteral("family:%1").arg(id));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 2);
    layout->setSpacing(2);
    m_header = new QToolButton(this);
    m_header->setText(title);
    m_header->setCheckable(true);
    m_header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_header->setAutoRaise(true);
    QFont font = m_header->font();
    font.setBold(true);
    m_header->setFont(font);
    layout->addWidget(m_header);
    m_reason = new QLabel(this);
    m_reason->setWordWrap(true);
    m_reason->setStyleSheet(QStringLiteral("color: #606870; margin-left: 18px;"));
    m_reason->hide();
    layout->addWidget(m_reason);
    m_body = new QWidget(this);
    m_bodyLayout = new QVBoxLayout(m_body);
    m_bodyLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_body);
    connect(m_header, &QToolButton::toggled, this, &PassFamilySection::setExpanded);
    setExpanded(true);
}

void PassFamilySection::setApplicability(bool applies, const QString& reason)
{
    m_applies = applies;
    m_reason->setText(reason);
    m_reason->setVisible(!applies && !reason.isEmpty());
    m_header->setToolTip(reason);
    setExpanded(applies);
}

void PassFamilySection::setExpanded(bool expanded)
{
    const QSignalBlocker blocker(m_header);
    m_header->setChecked(expanded);
    m_header->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_body->setVisible(expanded);
}

bool PassFamilySection::isExpanded() const { return m_header->isChecked(); }

QString PassFamilySection::reason() const { return m_reason->text(); }

} // namespace lookahead
