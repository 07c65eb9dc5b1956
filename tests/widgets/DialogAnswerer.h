#pragma once

// Answers the modal dialogs a GUI test provokes, so tests never block on exec().

#include <QApplication>
#include <QInputDialog>
#include <QMessageBox>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace lookahead::test {

/// Answers every modal dialog while it lives: message boxes are recorded and closed, an input
/// dialog (the clock prompt) gets `clockMhz`, or is cancelled when it is 0.
class DialogAnswerer : public QObject {
public:
    explicit DialogAnswerer(double clockMhz = 0)
        : m_clockMhz(clockMhz)
    {
        m_poll.setInterval(20);
        connect(&m_poll, &QTimer::timeout, this, [this] {
            QWidget* modal = QApplication::activeModalWidget();
            if (auto* box = qobject_cast<QMessageBox*>(modal)) {
                messages << box->text();
                box->done(QMessageBox::Ok);
            } else if (auto* input = qobject_cast<QInputDialog*>(modal)) {
                prompts << input->labelText();
                if (m_clockMhz > 0) {
                    input->setDoubleValue(m_clockMhz);
                    input->accept();
                } else
                    input->reject();
            }
        });
        m_poll.start();
    }
    QStringList messages;
    QStringList prompts;

private:
    double m_clockMhz;
    QTimer m_poll;
};

} // namespace lookahead::test
