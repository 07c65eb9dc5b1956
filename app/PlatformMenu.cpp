#include "PlatformMenu.h"

#include "SettingsKeys.h"

#include "lookahead/PlatformPresets.h"

#include <QActionGroup>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QVBoxLayout>

namespace lookahead {

PlatformMenu::PlatformMenu(QWidget* parent)
    : QMenu(tr("&Platform"), parent)
    , m_group(new QActionGroup(this))
{
    setObjectName(QStringLiteral("PlatformMenu"));
    auto addEntry = [this](const QString& text, const QString& data, const QString& tip) {
        QAction* action = addAction(text);
        action->setCheckable(true);
        action->setData(data);
        action->setToolTip(tip);
        m_group->addAction(action);
        connect(action, &QAction::triggered, this, [this, data] { choose(data); });
        return action;
    };
    addEntry(
        tr("As &Recorded"), QString(), tr("The platform the file describes, or the importer's choice for a recording"))
        ->setChecked(true);
    addSeparator();
    for (const std::string& name : platformPresetNames()) {
        const auto preset = findPlatformPreset(name);
        addEntry(QString::fromStdString(name), QString::fromStdString(name), QString::fromStdString(preset->title));
    }
    addSeparator();
    m_fileEntry = addEntry(QString(), QString(), QString());
    m_fileEntry->setVisible(false);
    addAction(tr("Platform &File…"), this, &PlatformMenu::chooseFile);
    addAction(tr("&Describe Platforms"), this, &PlatformMenu::describe);
    setToolTipsVisible(true);
}

void PlatformMenu::setCurrent(const QString& nameOrFile)
{
    m_current = nameOrFile;
    for (QAction* action : m_group->actions()) {
        if (action != m_fileEntry && action->data().toString() == nameOrFile) {
            action->setChecked(true);
            m_fileEntry->setVisible(false);
            return;
        }
    }
    // A platform file: its own entry, so the menu shows what is in use.
    m_fileEntry->setText(tr("File: %1").arg(QFileInfo(nameOrFile).fileName()));
    m_fileEntry->setToolTip(nameOrFile);
    m_fileEntry->setData(nameOrFile);
    disconnect(m_fileEntry, &QAction::triggered, nullptr, nullptr);
    connect(m_fileEntry, &QAction::triggered, this, [this, nameOrFile] { choose(nameOrFile); });
    m_fileEntry->setVisible(true);
    m_fileEntry->setChecked(true);
}

void PlatformMenu::choose(const QString& nameOrFile)
{
    setCurrent(nameOrFile);
    emit platformChosen(nameOrFile);
}

void PlatformMenu::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(parentWidget(), tr("Platform File"),
        QSettings().value(SettingsKeys::lastDirectory()).toString(),
        tr("Platform or task graph (*.json);;All files (*)"));
    if (path.isEmpty()) {
        setCurrent(m_current); // re-check the entry in use
        return;
    }
    // Read it here so that a bad file is reported before anything is reloaded.
    Result<PlatformPreset> preset = resolvePlatform(path.toStdString());
    if (!preset.ok()) {
        QMessageBox::warning(
            parentWidget(), tr("Cannot read platform file"), QString::fromStdString(preset.error().toString()));
        setCurrent(m_current);
        return;
    }
    choose(path);
}

void PlatformMenu::describe()
{
    QString text;
    for (const std::string& name : platformPresetNames())
        text += QString::fromStdString(describePlatformPreset(*findPlatformPreset(name))) + QLatin1Char('\n');
    auto* dialog = new QDialog(parentWidget());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Platform Presets"));
    auto* layout = new QVBoxLayout(dialog);
    auto* view = new QPlainTextEdit(text, dialog);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    layout->addWidget(view);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->resize(1000, 640);
    dialog->show();
}

} // namespace lookahead
