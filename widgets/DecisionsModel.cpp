#include "DecisionsModel.h"

#include "lookahead/RunReport.h"

#include <QColor>
#include <QLocale>

#include <map>

namespace lookahead {

namespace {

    QString jsonText(const nlohmann::json& record, const char* key)
    {
        const auto it = record.find(key);
        return it != record.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
    }

    std::optional<qlonglong> jsonNumber(const nlohmann::json& record, std::initializer_list<const char*> keys)
    {
        for (const char* key : keys)
            if (const auto it = record.find(key); it != record.end() && it->is_number())
                return qlonglong(it->get<double>());
        return std::nullopt;
    }

} // namespace

DecisionsModel::DecisionsModel(QObject* parent)
    : FlatTableModel({ tr("Action"), tr("Pass"), tr("About"), tr("Task"), tr("Slack"), tr("Gap"), tr("Threshold"),
                         tr("Opened by"), tr("Why") },
        parent)
{
}

void DecisionsModel::setRecords(const std::vector<PassRecord>& passes)
{
    beginResetModel();
    m_rows.clear();
    for (const PassRecord& record : passes) {
        for (const nlohmann::json& decision : record.decisions) {
            Row row;
            row.pass = QString::fromStdString(record.name);
            row.why = QString::fromStdString(decisionSentence(decision));
            row.json = QString::fromStdString(decision.dump(2));
            row.subject = QString::fromStdString(decisionSubject(decision));
            for (const std::string& id : decisionTasks(decision))
                row.tasks << QString::fromStdString(id);
            if (decision.is_object()) {
                row.action = jsonText(decision, "action");
                row.openedBy = jsonText(decision, "opened_by");
                row.slack = jsonNumber(decision, { "slack" });
                row.gap = jsonNumber(decision, { "gap", "usable" });
                row.threshold = jsonNumber(decision, { "start_threshold", "mid_min_gap", "idle_min" });
            }
            m_rows.push_back(std::move(row));
        }
    }
    endResetModel();
}

QStringList DecisionsModel::actions() const
{
    QStringList list;
    for (const Row& row : m_rows)
        if (!row.action.isEmpty() && !list.contains(row.action))
            list << row.action;
    return list;
}

QStringList DecisionsModel::taskIds(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[std::size_t(row)].tasks : QStringList();
}

QString DecisionsModel::countsText() const
{
    std::map<QString, int> counts;
    for (const Row& row : m_rows)
        ++counts[row.action];
    QStringList parts;
    for (const QString& action : actions())
        parts << QStringLiteral("%1 %2").arg(counts[action]).arg(action);
    return parts.join(QStringLiteral(" · "));
}

QVariant DecisionsModel::display(const Row& row, int column) const
{
    auto number = [](const std::optional<qlonglong>& value) {
        return value ? QVariant(QLocale().toString(*value)) : QVariant();
    };
    switch (column) {
    case Action:
        return row.action;
    case Pass:
        return row.pass;
    case Subject:
        return row.subject;
    case Task:
        return row.tasks.value(0);
    case Slack:
        return number(row.slack);
    case Gap:
        return number(row.gap);
    case Threshold:
        return number(row.threshold);
    case OpenedBy:
        return row.openedBy;
    case Why:
        return row.why;
    default:
        return {};
    }
}

QVariant DecisionsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case Qt::ToolTipRole:
        return row.why;
    case SortRole:
        if (index.column() == Slack || index.column() == Gap || index.column() == Threshold) {
            const auto& value = index.column() == Slack ? row.slack : index.column() == Gap ? row.gap : row.threshold;
            return value ? QVariant(*value) : QVariant(qlonglong(-1));
        }
        return display(row, index.column());
    case TaskIdsRole:
        return row.tasks;
    case RecordRole:
        return row.json;
    case Qt::TextAlignmentRole:
        return index.column() == Slack || index.column() == Gap || index.column() == Threshold
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == Action && row.action == QStringLiteral("inserted"))
            return QColor(0x1b, 0x7f, 0x3b);
        if (index.column() == Action && row.action == QStringLiteral("skipped"))
            return QColor(0x8a, 0x5a, 0x00);
        return {};
    default:
        return {};
    }
}

} // namespace lookahead
