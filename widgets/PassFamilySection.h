#pragma once

// One family of passes in the pass panel (NPU SHAVE prefetch, SuperKernel, software-pipelined
// loops): a header that opens and closes it, the reason it does not apply to the loaded graph when
// it does not, and the family's pass boxes.

#include <QWidget>

class QLabel;
class QToolButton;
class QVBoxLayout;

namespace lookahead {

class PassFamilySection : public QWidget {
    Q_OBJECT
public:
    PassFamilySection(const QString& id, const QString& title, QWidget* parent = nullptr);

    QString id() const { return m_id; }
    /// Where the pass boxes go.
    QVBoxLayout* body() const { return m_bodyLayout; }
    /// Applies: open, no reason shown. Does not: closed, the reason under the header.
    void setApplicability(bool applies, const QString& reason);
    bool applies() const { return m_applies; }
    void setExpanded(bool expanded);
    bool isExpanded() const;
    QString reason() const;

private:
    QString m_id;
    bool m_applies = true;
    QToolButton* m_header;
    QLabel* m_reason;
    QWidget* m_body;
    QVBoxLayout* m_bodyLayout;
};

} // namespace lookahead
