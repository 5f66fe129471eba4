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

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"plan-search: search municipal plan projects.\n"
                 "Exit status: 0 ok, 2 bad usage or query, 3 bad input, 4 index missing or unusable."};
    app.require_subcommand(1);
    std::string index = default_index();

    // ---- query ----
    auto* query = app.add_subcommand("query", "Ranked search with facet counts and snippets.");
    query->footer(kQueryHelp);
    SearchRequest req;
    std::string text, batch;
    bool json = false, no_facets = false;
    std::map<std::string, std::vector<std::string>> opt_filters;
    query->add_option("--index", index, "Index folder ($PLAN_SEARCH_INDEX)")->capture_default_str();
    query->add_flag("--json", json, "Print the JSON response of the contract");
    query->add_option("--limit", req.limit, "Results per page (1-100)")->capture_default_str()->check(CLI::Range(0, 100));
    query->add_option("--offset", req.offset, "Results to skip")->capture_default_str()->check(CLI::Range(0, 100000));
    query->add_option("--sort", req.sort, "relevance, city, year or name")->capture_default_str()
        ->check(CLI::IsMember({"relevance", "city", "year", "name"}));
    query->add_option("--group-by", req.group_by, "Best projects per city (or document, prefecture)")
        ->check(CLI::IsMember({"city", "document", "prefecture"}));
    query->add_option("--per-group", req.per_group, "Projects per group with --group-by")->capture_default_str()
        ->check(CLI::Range(1, 100));
    query->add_flag("--no-facets", no_facets, "Skip facet counting");
    query->add_option("--facet-fields", req.facet_fields,
                      "Count only these facets (department, flag, city, …; comma-separated)")
        ->delimiter(',')
        ->allow_extra_args(false);
    query->add_option("--batch", batch, "One query per line from FILE (- for stdin); one JSON response per line");
    for (const auto& f : schema::facet_fields()) {
        if (!f.filter) continue;
        const std::string name(f.name);
        query
            ->add_option(std::string(f.cli), opt_filters[name],
                         "Filter on " + name + " (repeatable)")
            ->allow_extra_args(false);  // `--city 大船渡市 魚市場`: the query is not a second city
    }
    std::vector<std::string> opt_facets;
    query->add_option("--facet", opt_facets,
                      "Filter on an extra facet of a data source: NAME=VALUE, e.g. 事業区分=政策事業 "
                      "(repeatable)")
        ->allow_extra_args(false);  // one NAME=VALUE per --facet: the query may follow
    query->add_option("QUERY", text, "The query (see below)");

    // ---- show ----
    auto* show = app.add_subcommand("show", "Print one record and the source lines it came from.");
    std::string show_id, corpus = "corpus";
    show->add_option("--index", index, "Index folder")->capture_default_str();
    show->add_option("--corpus", corpus, "Corpus folder (for the source lines)")->capture_default_str();
    show->add_flag("--json", json, "Print the record as JSON");
    show->add_option("ID", show_id, "Record id")->required();

    // ---- related / history / compare ----
    auto* related = app.add_subcommand("related", "Projects like this one in other cities, with the terms that link them.");
    std::string related_id;
    RelatedOptions related_opt;
    related->add_option("--index", index, "Index folder")->capture_default_str();
    related->add_flag("--json", json, "Print JSON");
    related->add_option("--limit", related_opt.limit, "How many (at most 50)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    related->add_flag("--same-city", related_opt.same_city, "Include the project's own city");
    related->add_option("ID", related_id, "Record id")->required();

    auto* history = app.add_subcommand("history", "The same project across the plan periods of its city.");
    std::string history_id;
    history->add_option("--index", index, "Index folder")->capture_default_str();
    history->add_flag("--json", json, "Print JSON");
    history->add_option("ID", history_id, "Record id")->required();

    auto* compare = app.add_subcommand("compare", "Per city, its best matching projects side by side.");
    std::string compare_text;
    size_t compare_per_city = 5;
    compare->add_option("--index", index, "Index folder")->capture_default_str();
    compare->add_flag("--json", json, "Print JSON (the grouped search response)");
    compare->add_option("--per-city", compare_per_city, "Projects per city")->capture_default_str()->check(CLI::Range(1, 50));
    compare->add_option("QUERY", compare_text, "The query")->required();
    // ---- analyze ----
    auto* analyze = app.add_subcommand("analyze", "Show what the analyzer makes of TEXT (no index needed).");
    std::string analyze_text;
    analyze->add_flag("--json", json, "Print JSON: normalized text, tokens, user entries, terms");
    analyze->add_option("TEXT", analyze_text, "Text to analyze, e.g. 地域おこし協力隊")->required();
    // ---- serve ----
    // Every option also reads a PLAN_SEARCH_* variable (the systemd unit's EnvironmentFile,
    // packaging/plan-search.env); an option on the command line wins. CLI11 reads and checks
    // the variables of every subcommand, used or not: name them only when serving, so a bad
    // PLAN_SEARCH_PORT cannot refuse `plan-search query`.
    const bool serving = argc > 1 && std::string(argv[1]) == "serve";
    auto variable = [serving](const char* name) { return std::string(serving ? name : ""); };
    auto* serve = app.add_subcommand("serve", "HTTP JSON API and the web page (see GET /api/openapi.json).");
    serve->footer(
        "Settings from the environment: PLAN_SEARCH_INDEX, PLAN_SEARCH_HOST, PLAN_SEARCH_PORT,\n"
        "PLAN_SEARCH_THREADS, PLAN_SEARCH_CORS, PLAN_SEARCH_TIME_BUDGET_MS, "
        "PLAN_SEARCH_LOG_FORMAT,\n"
        "PLAN_SEARCH_DRAIN_SECONDS.\n"
        "Signals: SIGTERM/SIGINT finish the requests in flight and exit 0; SIGHUP reloads the "
        "index.");
    ServerOptions serve_options;
    std::string log_format = "text";
    serve->add_option("--index", index, "Index folder; answers 503 until it exists")->capture_default_str();
    serve->add_option("--host", serve_options.host, "Address to listen on")
        ->capture_default_str()
        ->envname(variable("PLAN_SEARCH_HOST"));
    serve->add_option("--port", serve_options.port, "Port (0: any free port)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535))
        ->envname(variable("PLAN_SEARCH_PORT"));
    serve->add_option("--threads", serve_options.threads, "Worker threads")
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
        ->add_option("--log-format", log_format,
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

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        explain_environment(*serve, e.what(), argc, argv);
        return kExitUsage;
    }

    if (*serve) {
        serve_options.index = index;
        serve_options.log_format = parse_log_format(log_format);
        return run_server(serve_options);
    }

    const bool tty = ::isatty(STDOUT_FILENO);
    TerminalStyle style;
    style.color = tty;
    try {
        if (*analyze) {
            const JapaneseAnalyzer& analyzer = default_analyzer();
            Analysis a = analyzer.analyze(analyze_text);
            if (json)
                std::cout << analysis_json(analyze_text, a, analyzer.version()).dump(2) << "\n";
            else
                print_analysis(std::cout, analyze_text, a);
            return 0;
        }
        PlanSearcher searcher(index, default_analyzer());
        if (*query) {
            for (auto& [name, values] : opt_filters)
                if (!values.empty()) req.filters[name] = values;
            for (const auto& f : opt_facets) {
                const size_t eq = f.find('=');
                if (eq == std::string::npos || eq == 0 || eq + 1 == f.size())
                    throw InputError("--facet", "expected NAME=VALUE, got '" + f + "'");
                req.filters[f.substr(0, eq)].push_back(f.substr(eq + 1));
            }
            req.facets = !no_facets;
            if (!batch.empty()) {
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
            req.query = text;
            SearchResponse resp = searcher.search(req);
            if (json)
                std::cout << response_json(resp).dump(2) << "\n";
            else
                print_response(std::cout, resp, style);
            return 0;
        }
        if (*related) {
            RelatedResponse r = find_related(searcher, related_id, related_opt);
            if (json)
                std::cout << related_json(r).dump(2) << "\n";
            else
                print_related(std::cout, r, style);
            return 0;
        }
        if (*history) {
            PlanHistory h = plan_history(searcher, history_id);
            if (json)
                std::cout << history_json(h).dump(2) << "\n";
            else
                print_history(std::cout, h, style);
            return 0;
        }
        if (*compare) {
            SearchResponse g = compare_cities(searcher, compare_text, compare_per_city);
            if (json)
                std::cout << response_json(g).dump(2) << "\n";
            else
                print_comparison(std::cout, g, style);
            return 0;
        }
        if (*show) {
            auto rec = searcher.find(show_id);
            if (!rec) throw InputError("ID", "no record with id '" + show_id + "'");
            if (json) {
                nlohmann::json j = *rec;
                j["history"] = history_json(plan_history(searcher, show_id))["history"];
                std::cout << j.dump(2) << "\n";
                return 0;
            }
            print_record(std::cout, *rec, style);
            const std::string source = corpus + "/" + rec->source.file;
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
    } catch (...) {
        return report_error(std::current_exception(), "plan-search", index);
    }
    return 0;
}
