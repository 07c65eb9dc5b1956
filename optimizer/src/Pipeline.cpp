#include "lookahead/Pipeline.h"

#include <cctype>
#include <chrono>
#include <optional>
#include <set>

namespace lookahead {

namespace {

    bool isWordChar(char c)
    {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '+' || c == '.' || c == ':';
    }

    class PipelineParser {
    public:
        PipelineParser(std::string_view text, const PassRegistry& registry)
            : m_text(text)
            , m_registry(registry)
        {
        }

        Result<Pipeline> parse()
        {
            Pipeline pipeline;
            skipSpace();
            if (atEnd())
                return pipeline;
            for (;;) {
                Result<std::unique_ptr<Pass>> pass = parsePass();
                if (!pass.ok())
                    return pass.error();
                pipeline.passes.push_back(std::move(pass).value());
                skipSpace();
                if (atEnd())
                    return pipeline;
                if (!consume(','))
                    return syntax("expected ',' between passes");
                skipSpace();
            }
        }

    private:
        Result<std::unique_ptr<Pass>> parsePass()
        {
            const std::size_t nameColumn = column();
            const std::string passName = word();
            if (passName.empty())
                return syntax("expected a pass name");
            std::unique_ptr<Pass> pass = m_registry.create(passName);
            if (!pass)
                return Error { "", "--pipeline",
                    "unknown pass \"" + passName + "\" at column " + std::to_string(nameColumn)
                        + " (`lookahead batch passes` lists them)" };
            skipSpace();
            if (!consume('{'))
                return pass;
            std::set<std::string> seen;
            skipSpace();
            if (consume('}'))
                return pass;
            for (;;) {
                skipSpace();
                const std::size_t optionColumn = column();
                const std::string optionName = word();
                if (optionName.empty())
                    return syntax("expected an option name of pass \"" + passName + "\"");
                OptionBase* option = pass->findOption(optionName);
                if (!option) {
                    std::string known;
                    for (const OptionBase* o : pass->options())
                        known += (known.empty() ? "" : ", ") + o->name();
                    return Error { "", "--pipeline",
                        "unknown option \"" + optionName + "\" of pass \"" + passName + "\" at column "
                            + std::to_string(optionColumn) + " (known: " + known + ")" };
                }
                if (!seen.insert(optionName).second)
                    return Error { "", "option " + passName + "." + optionName, "is given twice" };
                skipSpace();
                if (!consume('='))
                    return syntax("expected '=' after option \"" + optionName + "\"");
                skipSpace();
                Result<OptionText> value = parseValue();
                if (!value.ok())
                    return value.error();
                Status status = option->parse(value.value());
                if (!status.ok())
                    return status.error();
                skipSpace();
                if (consume('}'))
                    return pass;
                if (!consume(','))
                    return syntax("expected ',' or '}' in the options of pass \"" + passName + "\"");
            }
        }

        Result<OptionText> parseValue()
        {
            OptionText value;
            if (consume('{')) {
                value.isList = true;
                skipSpace();
                if (consume('}'))
                    return value;
                for (;;) {
                    skipSpace();
                    std::string item = word();
                    if (item.empty())
                        return syntax("expected a word in the list");
                    value.list.push_back(std::move(item));
                    skipSpace();
                    if (consume('}'))
                        return value;
                    if (!consume(','))
                        return syntax("expected ',' or '}' in the list");
                }
            }
            value.word = word();
            if (value.word.empty())
                return syntax("expected a value");
            return value;
        }

        std::string word()
        {
            const std::size_t begin = m_pos;
            while (!atEnd() && isWordChar(m_text[m_pos]))
                ++m_pos;
            return std::string(m_text.substr(begin, m_pos - begin));
        }

        Error syntax(const std::string& message) const
        {
            std::string found = atEnd() ? "the end" : "'" + std::string(1, m_text[m_pos]) + "'";
            return Error { "", "--pipeline", message + " at column " + std::to_string(column()) + ", found " + found };
        }

        void skipSpace()
        {
            while (!atEnd() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
                ++m_pos;
        }
        bool consume(char c)
        {
            if (atEnd() || m_text[m_pos] != c)
                return false;
            ++m_pos;
            return true;
        }
        bool atEnd() const { return m_pos >= m_text.size(); }
        std::size_t column() const { return m_pos + 1; }

        std::string_view m_text;
        const PassRegistry& m_registry;
        std::size_t m_pos = 0;
    };

} // namespace

Result<Pipeline> Pipeline::parse(std::string_view text, const PassRegistry& registry)
{
    return PipelineParser(text, registry).parse();
}

std::string Pipeline::print() const
{
    std::string text;
    for (const auto& pass : passes)
        text += (text.empty() ? "" : ",") + pass->print();
    return text;
}

std::vector<std::string> Pipeline::deprecations() const
{
    std::vector<std::string> notes;
    for (const auto& pass : passes)
        for (const OptionBase* option : pass->options())
            if (!option->deprecation().empty())
                notes.push_back(std::string(pass->name()) + "." + option->deprecation());
    return notes;
}

Result<std::vector<PassRecord>> runPipeline(Pipeline& pipeline, TaskGraph& graph, const PipelineRunOptions& options)
{
    std::vector<PassRecord> records;
    for (std::size_t i = 0; i < pipeline.passes.size(); ++i) {
        Pass& pass = *pipeline.passes[i];
        if (options.simulation.cancel && options.simulation.cancel->load())
            return Error { "", "", "cancelled" };
        if (options.hooks.beforePass)
            options.hooks.beforePass(i, pipeline.passes.size(), pass);

        // The verifier compares the pass's output with its input: a copy, except for the first
        // pass when the caller still holds the input (rerun() does), which saves a graph copy.
        std::optional<TaskGraph> copy;
        const TaskGraph* before = nullptr;
        if (options.verify) {
            if (i == 0 && options.inputGraph)
                before = options.inputGraph;
            else
                before = &copy.emplace(graph);
        }
        PassContext context(graph, *options.costModel, options.simulation);
        if (i == 0)
            context.givenInputSchedule = options.inputSchedule;
        const auto started = std::chrono::steady_clock::now();
        Status status = pass.run(context);
        const auto finished = std::chrono::steady_clock::now();
        if (!status.ok()) {
            Error error = status.error();
            if (error.where.empty())
                error.where = "pass " + std::string(pass.name());
            return error;
        }

        PassRecord record;
        record.name = std::string(pass.name());
        record.text = pass.print();
        record.options = pass.setOptionsJson();
        for (const Statistic* statistic : pass.statistics())
            record.statistics.emplace_back(statistic->name(), statistic->value());
        record.decisions = std::move(context.decisions);
        record.warnings = std::move(context.warnings);
        record.seconds = std::chrono::duration<double>(finished - started).count();
        record.tasksAfter = graph.tasks.size();
        if (before) {
            record.verification = Verifier::verify(*before, graph, HazardRules::standard(), options.verifyInputAside);
            if (record.verification.deadlock)
                return Error { "", "pass " + record.name, "left a deadlock: " + *record.verification.deadlock };
        }
        if (options.hooks.afterPass)
            options.hooks.afterPass(i, record, graph);
        records.push_back(std::move(record));
    }
    return records;
}

} // namespace lookahead
