// plan-search: query the index from the command line, or serve it over HTTP.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "facet_table.h"
#include "http/api_server.h"
#include "index_schema.h"
#include "errors.h"
#include "present/analyze_output.h"
#include "present/json_output.h"
#include "present/related_output.h"
#include "present/terminal_output.h"
#include "search/plan_searcher.h"

using namespace plan;

namespace {

std::string default_index() {
    if (const char* env = std::getenv("PLAN_SEARCH_INDEX"); env && *env) return env;
    return "data/index";
}

const char* kQueryHelp = R"(Query language:
  移住 支援          both words (whitespace, also the full-width space, means AND)
  移住 OR 定住       either word
  移住 -東京         exclude projects that mention 東京
  "移住支援金"       exact phrase
  city:金沢市  dept:広報課 (also 所管課:)  flag:新  goal:…  policy:…  measure:…  section:主要事業
  year:2022  document:kagoshima-2022-jisshi
  事業区分:政策事業 (an extra facet of a data source, also facet:事業区分=政策事業 or --facet)
Filters as options are repeatable: OR within a facet, AND across facets.
When AND finds fewer than 3 projects a relaxed query (OR, then character bigrams for partial or
unknown words) runs, and the output says so ("relaxed": true in JSON).

Examples:
  plan-search query 移住
  plan-search query --json --limit 5 "子育て 支援"
  plan-search query --city 鹿児島市 --flag 新 --flag 拡 デジタル
  plan-search query --group-by city --per-group 3 "移住 支援")";

// CLI11 names the option of a bad value, not the variable it came from: name it too (when the
// option was not on the command line, its value came from the variable).
void explain_environment(const CLI::App& command, const std::string& error, int argc, char** argv) {
    for (const CLI::Option* option : command.get_options()) {
        const std::string variable = option->get_envname();
        const char* value = variable.empty() ? nullptr : std::getenv(variable.c_str());
        if (!value || !*value || option->get_lnames().empty()) continue;
        const std::string name = "--" + option->get_lnames().front();
        bool on_command_line = false;
        for (int i = 1; i < argc; ++i)
            on_command_line = on_command_line || std::string(argv[i]) == name ||
                              std::string(argv[i]).starts_with(name + "=");
        if (!on_command_line && error.find(name) != std::string::npos)
            std::cerr << "plan-search " << command.get_name() << ": " << name << " was set by "
                      << variable << "=" << value << " in the environment\n";
    }
}

/// Everything the command line sets, for every subcommand (CLI11 binds options to these).
struct CommandLine {
    std::string index = default_index();
    bool json = false;
    // query
    SearchRequest req;
    std::string text, batch;
    bool no_facets = false;
    std::map<std::string, std::vector<std::string>> opt_filters;
    std::vector<std::string> opt_facets;
    // show, related, history, compare, analyze
    std::string show_id, corpus = "corpus";
    std::string related_id, history_id, compare_text, analyze_text;
    RelatedOptions related_opt;
    size_t compare_per_city = 5;
    // serve
    ServerOptions serve_options;
    std::string log_format = "text";

    CLI::App* query = nullptr;
    CLI::App* show = nullptr;
    CLI::App* related = nullptr;
    CLI::App* history = nullptr;
    CLI::App* compare = nullptr;
    CLI::App* analyze = nullptr;
    CLI::App* serve = nullptr;
};

void add_query_command(CLI::App& app, CommandLine& o) {
    auto* query = o.query = app.add_subcommand("query", "Ranked search with facet counts and snippets.");
    SearchRequest& req = o.req;
    query->footer(kQueryHelp);
    query->add_option("--index", o.index, "Index folder ($PLAN_SEARCH_INDEX)")->capture_default_str();
    query->add_flag("--json", o.json, "Print the JSON response of the contract");
    query->add_option("--limit", req.limit, "Results per page (1-100)")->capture_default_str()->check(CLI::Range(0, 100));
    query->add_option("--offset", req.offset, "Results to skip")->capture_default_str()->check(CLI::Range(0, 100000));
    query->add_option("--sort", req.sort, "relevance, city, year or name")->capture_default_str()
        ->check(CLI::IsMember({"relevance", "city", "year", "name"}));
    query->add_option("--group-by", req.group_by, "Best projects per city (or document, prefecture)")
        ->check(CLI::IsMember({"city", "document", "prefecture"}));
    query->add_option("--per-group", req.per_group, "Projects per group with --group-by")->capture_default_str()
        ->check(CLI::Range(1, 100));
    query->add_flag("--no-facets", o.no_facets, "Skip facet counting");
    query->add_option("--facet-fields", req.facet_fields,
                      "Count only these facets (department, flag, city, …; comma-separated)")
        ->delimiter(',')
        ->allow_extra_args(false);
    query->add_option("--batch", o.batch, "One query per line from FILE (- for stdin); one JSON response per line");
    for (const auto& f : schema::facet_fields()) {
        if (!f.filter) continue;
        const std::string name(f.name);
        query
            ->add_option(std::string(f.cli), o.opt_filters[name],
                         "Filter on " + name + " (repeatable)")
            ->allow_extra_args(false);  // `--city 大船渡市 魚市場`: the query is not a second city
    }
    query->add_option("--facet", o.opt_facets,
                      "Filter on an extra facet of a data source: NAME=VALUE, e.g. 事業区分=政策事業 "
                      "(repeatable)")
        ->allow_extra_args(false);  // one NAME=VALUE per --facet: the query may follow
    query->add_option("QUERY", o.text, "The query (see below)");
}

// A subcommand over an index: its --index and --json options.
CLI::App* add_index_subcommand(CLI::App& app, CommandLine& o, const std::string& name,
                               const std::string& help, const std::string& json_help) {
    auto* sub = app.add_subcommand(name, help);
    sub->add_option("--index", o.index, "Index folder")->capture_default_str();
    sub->add_flag("--json", o.json, json_help);
    return sub;
}

void add_record_commands(CLI::App& app, CommandLine& o) {
    auto* show = o.show = add_index_subcommand(
        app, o, "show", "Print one record and the source lines it came from.", "Print the record as JSON");
    show->add_option("--corpus", o.corpus, "Corpus folder (for the source lines)")->capture_default_str();
    show->add_option("ID", o.show_id, "Record id")->required();

    auto* related = o.related = add_index_subcommand(
        app, o, "related", "Projects like this one in other cities, with the terms that link them.", "Print JSON");
    related->add_option("--limit", o.related_opt.limit, "How many (at most 50)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    related->add_flag("--same-city", o.related_opt.same_city, "Include the project's own city");
    related->add_option("ID", o.related_id, "Record id")->required();

    auto* history = o.history = add_index_subcommand(
        app, o, "history", "The same project across the plan periods of its city.", "Print JSON");
    history->add_option("ID", o.history_id, "Record id")->required();

    auto* compare = o.compare = add_index_subcommand(app, o, "compare", "Per city, its best matching projects side by side.",
                                                     "Print JSON (the grouped search response)");
    compare->add_option("--per-city", o.compare_per_city, "Projects per city")->capture_default_str()->check(CLI::Range(1, 50));
    compare->add_option("QUERY", o.compare_text, "The query")->required();

    auto* analyze = o.analyze = app.add_subcommand("analyze", "Show what the analyzer makes of TEXT (no index needed).");
    analyze->add_flag("--json", o.json, "Print JSON: normalized text, tokens, user entries, terms");
    analyze->add_option("TEXT", o.analyze_text, "Text to analyze, e.g. 地域おこし協力隊")->required();
}

// Every option also reads a PLAN_SEARCH_* variable (the systemd unit's EnvironmentFile,
// packaging/plan-search.env); an option on the command line wins. CLI11 reads and checks the
// variables of every subcommand, used or not: name them only when serving, so a bad
// PLAN_SEARCH_PORT cannot refuse `plan-search query`.
void add_serve_command(CLI::App& app, CommandLine& o, bool serving) {
    auto variable = [serving](const char* name) { return std::string(serving ? name : ""); };
    auto* serve = o.serve = app.add_subcommand("serve", "HTTP JSON API and the web page (see GET /api/openapi.json).");
    ServerOptions& serve_options = o.serve_options;
    serve->footer(
        "Settings from the environment: PLAN_SEARCH_INDEX, PLAN_SEARCH_HOST, PLAN_SEARCH_PORT,\n"
        "PLAN_SEARCH_THREADS, PLAN_SEARCH_CORS, PLAN_SEARCH_TIME_BUDGET_MS, "
        "PLAN_SEARCH_LOG_FORMAT,\n"
        "PLAN_SEARCH_DRAIN_SECONDS.\n"
        "Signals: SIGTERM/SIGINT finish the requests in flight and exit 0; SIGHUP reloads the "
        "index.");
    serve->add_option("--index", o.index, "Index folder; answers 503 until it exists")->capture_default_str();
    serve->add_option("--host", serve_options.host, "Address to listen on")
        ->capture_default_str()
        ->envname(variable("PLAN_SEARCH_HOST"));
    serve->add_option("--port", serve_options.port, "Port (0: any free port)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535))
        ->envname(variable("PLAN_SEARCH_PORT"));
    serve
        ->add_option(
            "--threads", serve_options.threads,
            "Searches that run at once (default: the cores; connections are not limited by it)")
        ->capture_default_str()
        ->check(CLI::Range(1, 256))
        ->envname(variable("PLAN_SEARCH_THREADS"));
    serve
        ->add_option("--cors", serve_options.cors,
                     "Allowed origin for CORS (e.g. * or https://example.org)")
        ->envname(variable("PLAN_SEARCH_CORS"));
    serve->add_option("--time-budget-ms", serve_options.time_budget_ms, "Per-request time budget")
        ->capture_default_str()
        ->check(CLI::Range(0.001, 600000.0))
        ->envname(variable("PLAN_SEARCH_TIME_BUDGET_MS"));
    serve->add_flag("!--no-access-log", serve_options.access_log, "No access log lines on stderr");
    serve
        ->add_option("--log-format", o.log_format,
                     "Access log lines as text or json (one object per line)")
        ->capture_default_str()
        ->check(CLI::IsMember({"text", "json"}))
        ->envname(variable("PLAN_SEARCH_LOG_FORMAT"));
    serve
        ->add_option("--drain-seconds", serve_options.drain_seconds,
                     "After SIGTERM, how long requests in flight may finish before exit status 1")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 3600.0))
        ->envname(variable("PLAN_SEARCH_DRAIN_SECONDS"));
}

// ---- running the chosen subcommand ----

int run_analyze(const CommandLine& o) {
    const JapaneseAnalyzer& analyzer = default_analyzer();
    Analysis a = analyzer.analyze(o.analyze_text);
    if (o.json)
        std::cout << analysis_json(o.analyze_text, a, analyzer.version()).dump(2) << "\n";
    else
        print_analysis(std::cout, o.analyze_text, a);
    return 0;
}

// One JSON response per line of the batch file; a bad query answers its error in its line.
int run_batch(PlanSearcher& searcher, const SearchRequest& req, const std::string& batch) {
    std::ifstream file;
    if (batch != "-") {
        file.open(batch);
        if (!file) throw InputError(batch, "cannot open batch file");
    }
    std::istream& in = batch == "-" ? std::cin : file;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        SearchRequest r = req;
        r.query = line;
        try {
            std::cout << response_json(searcher.search(r)).dump() << "\n";
        } catch (const QueryError& e) {
            std::cout << nlohmann::json{{"query", line}, {"error", "bad_query"},
                                        {"detail", at_line(batch, n) + ": " + e.what()}}
                             .dump()
                      << "\n";
        }
    }
    return 0;
}

int run_query(PlanSearcher& searcher, CommandLine& o, const TerminalStyle& style) {
    SearchRequest& req = o.req;
    for (auto& [name, values] : o.opt_filters)
        if (!values.empty()) req.filters[name] = values;
    for (const auto& f : o.opt_facets) {
        const size_t eq = f.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == f.size())
            throw InputError("--facet", "expected NAME=VALUE, got '" + f + "'");
        req.filters[f.substr(0, eq)].push_back(f.substr(eq + 1));
    }
    req.facets = !o.no_facets;
    if (!o.batch.empty()) return run_batch(searcher, req, o.batch);
    req.query = o.text;
    SearchResponse resp = searcher.search(req);
    if (o.json)
        std::cout << response_json(resp).dump(2) << "\n";
    else
        print_response(std::cout, resp, style);
    return 0;
}

int run_show(PlanSearcher& searcher, const CommandLine& o, const TerminalStyle& style) {
    auto rec = searcher.find(o.show_id);
    if (!rec) throw InputError("ID", "no record with id '" + o.show_id + "'");
    if (o.json) {
        nlohmann::json j = *rec;
        j["history"] = history_json(plan_history(searcher, o.show_id))["history"];
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    print_record(std::cout, *rec, style);
    const std::string source = o.corpus + "/" + rec->source.file;
    std::ifstream src(source);
    if (!src) {
        std::cerr << "plan-search: " << source
                  << ": cannot open the source document (see --corpus); its lines are not shown\n";
        return 0;
    }
    std::string line;
    int n = 0;
    std::cout << "\n--- " << rec->source.file << " ---\n";
    while (std::getline(src, line)) {
        ++n;
        if (n >= rec->source.line && n <= std::max(rec->source.end_line, rec->source.line))
            std::cout << n << "\t" << line << "\n";
    }
    return 0;
}

// The subcommands that read the index.
int run_on_index(CommandLine& o, const TerminalStyle& style) {
    PlanSearcher searcher(o.index, default_analyzer());
    if (*o.query) return run_query(searcher, o, style);
    if (*o.related) {
        RelatedResponse r = find_related(searcher, o.related_id, o.related_opt);
        if (o.json)
            std::cout << related_json(r).dump(2) << "\n";
        else
            print_related(std::cout, r, style);
        return 0;
    }
    if (*o.history) {
        PlanHistory h = plan_history(searcher, o.history_id);
        if (o.json)
            std::cout << history_json(h).dump(2) << "\n";
        else
            print_history(std::cout, h, style);
        return 0;
    }
    if (*o.compare) {
        SearchResponse g = compare_cities(searcher, o.compare_text, o.compare_per_city);
        if (o.json)
            std::cout << response_json(g).dump(2) << "\n";
        else
            print_comparison(std::cout, g, style);
        return 0;
    }
    if (*o.show) return run_show(searcher, o, style);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"plan-search: search municipal plan projects.\n"
                 "Exit status: 0 ok, 2 bad usage or query, 3 bad input, 4 index missing or unusable."};
    app.require_subcommand(1);
    CommandLine o;
    add_query_command(app, o);
    add_record_commands(app, o);
    add_serve_command(app, o, argc > 1 && std::string(argv[1]) == "serve");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        explain_environment(*o.serve, e.what(), argc, argv);
        return kExitUsage;
    }
    if (*o.serve) {
        o.serve_options.index = o.index;
        o.serve_options.log_format = parse_log_format(o.log_format);
        return run_server(o.serve_options);
    }
    TerminalStyle style;
    style.color = ::isatty(STDOUT_FILENO);
    try {
        if (*o.analyze) return run_analyze(o);
        return run_on_index(o, style);
    } catch (...) {
        return report_error(std::current_exception(), "plan-search", o.index);
    }
}
