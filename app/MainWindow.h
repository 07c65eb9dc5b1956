#pragma once

#include <QMainWindow>

class QTreeWidget;

namespace lookahead {

/// The explorer's main window (grown by the explorer issue; for now it loads a graph and lists its
/// executors, which proves the core links into the GUI).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    void openFile(const QString& path);
    void openDefaultSample();

private:
    void showGraphText(const QByteArray& text, const QString& label);
    QTreeWidget* m_executors;
};

} // namespace lookahead
