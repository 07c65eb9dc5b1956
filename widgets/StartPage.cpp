#include "StartPage.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace lookahead {

namespace {

    QLabel* heading(const QString& text, QWidget* parent)
    {
        auto* label = new QLabel(text, parent);
        QFont font = label->font();
        font.setBold(true);
        font.setPointSizeF(font.pointSizeF() * 1.15);
        label->setFont(font);
        return label;
    }

    QLabel* note(const QString& text, QWidget* parent)
    {
        auto* label = new QLabel(text, parent);
        label->setWordWrap(true);
        label->setStyleSheet(QStringLiteral("color: #4a525a;"));
        return label;
    }

} // namespace

std::vector<StartPage::Sample> StartPage::samples()
{
    return {
        { QStringLiteral(":/samples/default.json"), tr("NPU decode sample"), tr("NPU SHAVE instruction prefetch"),
            tr("One decode step of a 0.6 B transformer on a 6-tile NPU40XX-like platform (3,786 tasks). "
               "sw-kernel-prefetch loads SHAVE kernel code into the shared L2 before its first use; "
               "try mode=start+mid and read the Decisions dock: which kernels were prefetched, which not, and why.") },
        { QStringLiteral(":/samples/moe-superkernel.json"), tr("MoE SuperKernel sample"), tr("SuperKernel"),
            tr("One mixture-of-experts block on an Ascend-like platform, unfused (407.54 µs). "
               "The sk-* passes fuse it into one launch, narrow its syncs, start operators early and preload code: "
               "384.59 µs with the default SuperKernel pipeline.") },
        { QStringLiteral(":/samples/paged-attention-b64-128blk.json"), tr("paged attention sample"),
            tr("Software-pipelined loops"),
            tr("Paged attention (batch 64, 128 KV blocks per tile) on 2 AIC/AIV core pairs, not pipelined. "
               "kv-prefetch issues each block's load an iteration early and sched-barrier places the waits: about −34 "
               "%.") },
    };
}

StartPage::StartPage(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("StartPage"));
    auto* outer = new QVBoxLayout(this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    outer->addWidget(scroll);
    auto* content = new QWidget(scroll);
    content->setMaximumWidth(900);
    auto* layout = new QVBoxLayout(content);
    layout->setSpacing(10);
    layout->setContentsMargins(24, 32, 24, 24);

    auto* title = new QLabel(tr("<span style='font-size:20pt; font-weight:600'>Lookahead</span><br/>"
                                "Load a task graph or a recording, then try passes on it and see what moves."),
        content);
    layout->addWidget(title);
    m_problem = new QLabel(content);
    m_problem->setObjectName(QStringLiteral("StartPageProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(
        QStringLiteral("QLabel { background: #fde8e8; color: #7a1010; padding: 8px; border-radius: 4px; }"));
    m_problem->hide();
    layout->addWidget(m_problem);

    auto* actions = new QHBoxLayout;
    auto* open = new QPushButton(tr("Open a Task Graph…"), content);
    open->setToolTip(tr("A Lookahead task graph (format v1), Ctrl+O"));
    auto* import = new QPushButton(tr("Open a Recording…"), content);
    import->setToolTip(tr("A Chrome trace from a profiler (NPU, Kineto, Ascend, TensorFlow, …), Ctrl+I"));
    actions->addWidget(open);
    actions->addWidget(import);
    actions->addStretch(1);
    layout->addLayout(actions);
    connect(open, &QPushButton::clicked, this, &StartPage::openRequested);
    connect(import, &QPushButton::clicked, this, &StartPage::importRequested);

    layout->addSpacing(6);
    layout->addWidget(heading(tr("Samples, one per optimization family"), content));
    auto* grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    grid->setHorizontalSpacing(14);
    int row = 0;
    for (const Sample& sample : samples()) {
        auto* button = new QPushButton(sample.family, content);
        button->setObjectName(QStringLiteral("SampleButton%1").arg(row));
        button->setMinimumWidth(260);
        connect(
            button, &QPushButton::clicked, this, [this, sample] { emit sampleChosen(sample.resource, sample.label); });
        m_sampleButtons.push_back(button);
        grid->addWidget(button, row, 0, Qt::AlignTop);
        grid->addWidget(note(sample.description, content), row, 1);
        ++row;
    }
    layout->addLayout(grid);

    layout->addSpacing(6);
    layout->addWidget(heading(tr("Recent files"), content));
    m_recentLayout = new QVBoxLayout;
    m_recentLayout->setSpacing(2);
    layout->addLayout(m_recentLayout);
    layout->addStretch(1);
    scroll->setWidget(content);
    setRecentFiles({});
}

void StartPage::setRecentFiles(const QStringList& paths)
{
    while (QLayoutItem* item = m_recentLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    if (paths.isEmpty())
        m_recentLayout->addWidget(note(tr("None yet: files you open are listed here."), this));
    for (const QString& path : paths) {
        auto* link = new QPushButton(QFileInfo(path).fileName(), this);
        link->setFlat(true);
        link->setStyleSheet(QStringLiteral("QPushButton { text-align: left; color: #1f5fbf; padding: 2px 4px; }"));
        link->setToolTip(path);
        link->setCursor(Qt::PointingHandCursor);
        connect(link, &QPushButton::clicked, this, [this, path] { emit recentChosen(path); });
        auto* row = new QHBoxLayout;
        row->addWidget(link);
        row->addWidget(note(QFileInfo(path).absolutePath(), this), 1);
        auto* holder = new QWidget(this);
        holder->setLayout(row);
        row->setContentsMargins(0, 0, 0, 0);
        m_recentLayout->addWidget(holder);
    }
}

void StartPage::showProblem(const QString& title, const QString& message)
{
    m_problem->setVisible(!message.isEmpty());
    m_problem->setText(message.isEmpty()
            ? QString()
            : QStringLiteral("<b>%1</b><br/>%2").arg(title.toHtmlEscaped(), message.toHtmlEscaped()));
}

QPushButton* StartPage::sampleButton(int index) const
{
    return index >= 0 && index < int(m_sampleButtons.size()) ? m_sampleButtons[std::size_t(index)] : nullptr;
}

QString StartPage::problemText() const
{
    return m_problem->isVisible() || !m_problem->text().isEmpty() ? m_problem->text() : QString();
}

} // namespace lookahead
