#pragma once

// A two-level read-only tree of (property, value) rows: sections with entries. The inspector and the
// task details use it; rows may link to a task, which a view can follow on activation.

#include <QAbstractItemModel>
#include <QString>

#include <cstdint>
#include <vector>

namespace lookahead {

class PropertyTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    static constexpr int TaskIdRole = Qt::UserRole + 1;

    struct Entry {
        QString property;
        QString value;
        QString taskId; ///< Non-empty: the row stands for this task.
        QString toolTip;
    };
    struct Section {
        QString title;
        std::vector<Entry> entries;
    };

    explicit PropertyTreeModel(QObject* parent = nullptr);
    void setSections(std::vector<Section> sections);
    const std::vector<Section>& sections() const { return m_sections; }
    /// The value of the first entry called `property` in any section (tests).
    QString value(const QString& property) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // internalId 0 marks a section; section s's entries carry s + 1.
    std::vector<Section> m_sections;
};

} // namespace lookahead
