#include "MainWindow.h"

#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"

#include <QFile>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QTreeWidget>

namespace lookahead {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_executors(new QTreeWidget(this))
{
    m_executors->setHeaderLabels({ tr("Executor"), tr("Units"), tr("Engines"), tr("Utilisation") });
    setCentralWidget(m_executors);
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open..."), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open task graph"), {}, tr("Task graphs (*.json)"));
        if (!path.isEmpty())
            openFile(path);
    });
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    resize(1280, 800);
}

void MainWindow::openFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QMessageBox::critical(this, tr("Cannot open"), tr("%1: %2").arg(path, file.errorString()));
        return;
    }
    showGraphText(file.readAll(), path);
}

void MainWindow::openDefaultSample()
{
    QFile file(QStringLiteral(":/samples/default.json"));
    if (file.open(QIODevice::ReadOnly))
        showGraphText(file.readAll(), tr("default sample"));
}

void MainWindow::showGraphText(const QByteArray& text, const QString& label)
{
    auto graph = parseTaskGraph(std::string_view(text.constData(), size_t(text.size())), label.toStdString());
    if (!graph.ok()) {
        QMessageBox::critical(this, tr("Cannot load task graph"), QString::fromStdString(graph.error().toString()));
        return;
    }
    auto schedule = simulate(graph.value());
    m_executors->clear();
    const Platform& platform = graph.value().platform;
    for (std::size_t e = 0; e < platform.executors.size(); ++e) {
        const ExecutorKind& kind = platform.executors[e];
        const double utilisation = schedule.ok() ? schedule.value()->utilisation[e] : 0.0;
        m_executors->addTopLevelItem(new QTreeWidgetItem({ QString::fromStdString(kind.name), QString::number(kind.units),
            QString::number(kind.engines), QString::number(utilisation * 100.0, 'f', 1) + QStringLiteral(" %") }));
    }
    setWindowTitle(QStringLiteral("%1 — Lookahead").arg(QString::fromStdString(graph.value().name)));
}

} // namespace lookahead
