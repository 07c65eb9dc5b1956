#pragma once

// The sweep dialog: pick a pass option and a range, rerun the pipeline for every value in the
// background (lookahead::runSweep, the code `batch sweep` uses), and plot makespan, total stall and
// inserted tasks against the value with QCustomPlot. Clicking a point emits valueChosen() so that
// the main window can apply that value to its pipeline.
//
// Wiring (main window):
//
//     auto* dialog = new SweepDialog(this);
//     dialog->setInput(graph, passPanel->pipelineText(), simulationOptions);   // shared, immutable graph
//     dialog->setVariation(u"sw-kernel-prefetch"_s, u"start-threshold"_s, 0, 600000, 20000); // optional
//     connect(dialog, &SweepDialog::valueChosen, this, [](QString pass, QString option, QString value) {
//         /* set PASS.OPTION=VALUE in the pass panel and rerun */ });
//     dialog->show();
//
// Threads: the sweep runs on QThreadPool::globalInstance() with its own copy-free view of the
// graph (a shared_ptr to const); progress and the result come back through queued calls guarded by
// a QPointer and a generation number, so a stale job (the user restarted or closed the dialog) is
// dropped. Closing or restarting raises the running job's cancel flag, which runSweep polls.

#include "lookahead/Sweep.h"
#include "lookahead/TaskGraph.h"

#include <QDialog>

#include <atomic>
#include <memory>
#include <optional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QCheckBox;

namespace lookahead {

class SweepDialog : public QDialog {
    Q_OBJECT
public:
    explicit SweepDialog(QWidget* parent = nullptr);
    ~SweepDialog() override;

    /// The graph to sweep (the loaded input, before passes), the pipeline the explorer applies now
    /// (the varied pass is appended when it is not in it) and the cost settings. Clears the plot.
    void setInput(
        std::shared_ptr<const TaskGraph> graph, const QString& pipeline, const SimulationOptions& simulation = {});
    /// Preselects PASS.OPTION and, for integer options, the range FROM:TO:STEP. Returns false when
    /// the pass or option is unknown (the selection is then unchanged).
    bool setVariation(const QString& pass, const QString& option, qint64 from = 0, qint64 to = 0, qint64 step = 0);
    /// Varies the first option of the first pass of `pipeline` that the dialog can vary (where a
    /// user would start); false when none.
    bool setFirstVariation(const QString& pipeline);

    /// Starts the sweep with the dialog's current selection (the Run button). A running sweep is
    /// cancelled first. Does nothing without an input.
    void start();
    /// Cancels the running sweep; its result is never delivered.
    void cancel();
    bool isRunning() const { return m_running; }

    /// The last complete sweep, or nullptr.
    const SweepResult* result() const { return m_result ? &*m_result : nullptr; }
    /// The variation the controls describe now, or an error naming what is wrong.
    Result<SweepVariation> currentVariation() const;
    /// Emits valueChosen() for point `index` of the last result (what a click on the plot does).
    void choosePoint(int index);

    QCustomPlot* plot() const { return m_plot; }

signals:
    /// The user picked a point: apply PASS.OPTION=VALUE.
    void valueChosen(const QString& pass, const QString& option, const QString& value);
    /// After each value; `total` is the number of values.
    void progressChanged(int done, int total);
    /// The sweep ended: `ok` false with a message on an error (not on cancel, which is silent).
    void sweepFinished(bool ok, const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    /// Three strips over one x axis (makespan, stall, inserted tasks); a click on a point applies it.
    void buildPlot();
    void fillPasses();
    void passChanged();
    void optionChanged();
    void showResult();
    void pointProgress(std::uint64_t generation, int done, int total, const SweepPoint& point);
    void finish(std::uint64_t generation, std::optional<SweepResult> result, const QString& error);

    std::shared_ptr<const TaskGraph> m_graph;
    QString m_pipeline;
    SimulationOptions m_simulation;
    std::optional<SweepResult> m_result;
    std::vector<SweepPoint> m_partial; ///< Points of the running sweep, plotted as they arrive.
    std::vector<double> m_pointKeys;   ///< Plot key of each point of m_partial (to map clicks back).
    SweepVariation m_runningVariation;

    std::uint64_t m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_running = false;

    QComboBox* m_pass;
    QComboBox* m_option;
    QSpinBox* m_from;
    QSpinBox* m_to;
    QSpinBox* m_step;
    QLineEdit* m_values; ///< For enum/bool/word options: comma-separated values.
    QLabel* m_status;
    QProgressBar* m_progress;
    QPushButton* m_run;
    QPushButton* m_cancelButton;
    QCustomPlot* m_plot;
};

} // namespace lookahead
