// Loads a campaign or a flow for the reviewer's commands, and their shared options.
#include "ReviewInput.h"

#include "AtomicFile.h"
#include "Options.h"

#include "patter/flow.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace patter::cli {

namespace {

bool looksLikeJson(const std::string &text) {
  auto at = text.find_first_not_of(" \t\r\n");
  return at != std::string::npos && text[at] == '{';
}

std::string diagnosticLine(const Diagnostic &d) {
  return fmt::format("{} {}: {}", d.code(), d.message, d.rule());
}

} // namespace

Place ReviewInput::placeOf(SourceRange range) const {
  Place p;
  if (!compilation || !range.begin.valid() ||
      range.begin.file >= compilation->sources().fileCount())
    return p;
  p.file = std::string(compilation->sources().path(range.begin.file));
  p.line = range.begin.line;
  p.column = range.begin.column;
  return p;
}

std::vector<const Diagnostic *> ReviewInput::diagnosticsAt(const SpokenLine &line) const {
  std::vector<const Diagnostic *> out;
  if (!line.source.known())
    return out;
  for (const Diagnostic &d : diagnostics) {
    Place at = placeOf(d.range);
    if (at.file == line.source.file && at.line == line.source.line)
      out.push_back(&d);
  }
  return out;
}

Verdict ReviewInput::verdict(const SpokenLine &line) const {
  if (line.kind == "runtime")
    return {Verdict::Kind::Unchecked, "运行时自有话术,随流程提供"};
  if (!fromSource())
    return {Verdict::Kind::Passed, "通过(流程文件只在检查无误后生成)"};
  Verdict v;
  for (const Diagnostic *d : diagnosticsAt(line)) {
    const std::string what = fmt::format("{} {}{}", d->code(), d->message,
                                         d->rule().empty() ? "" : fmt::format(" [{}]", d->rule()));
    std::string entry;
    if (d->waived) {
      entry = fmt::format("已豁免 {}:{}", what, d->waived->reason);
      if (v.kind == Verdict::Kind::Passed)
        v.kind = Verdict::Kind::Waived;
    } else if (d->severity == Severity::Error) {
      entry = "错误 " + what;
      v.kind = Verdict::Kind::Error;
    } else {
      entry = "警告 " + what;
      if (v.kind != Verdict::Kind::Error)
        v.kind = Verdict::Kind::Warning;
    }
    v.text += (v.text.empty() ? "" : ";") + entry;
  }
  if (v.text.empty())
    v.text = "通过";
  return v;
}

std::vector<std::string> ReviewInput::pathNodes(const Diagnostic &d) const {
  std::vector<std::string> out;
  for (const Note &n : d.notes)
    if (n.message.rfind("path", 0) == 0)
      if (const Node *node = model.nodeAt(placeOf(n.range)))
        out.push_back(node->id);
  return out;
}

const Diagnostic *ReviewInput::findDiagnostic(const std::string &codeAtLine) const {
  const auto at = codeAtLine.find('@');
  if (at == std::string::npos)
    return nullptr;
  const std::string code = codeAtLine.substr(0, at), line = codeAtLine.substr(at + 1);
  for (const Diagnostic &d : diagnostics)
    if (d.code() == code && std::to_string(d.range.begin.line) == line &&
        placeOf(d.range).file == path)
      return &d;
  return nullptr;
}

std::optional<ReviewInput> loadReviewInput(const std::string &path, const SearchPath &search,
                                           std::string &error) {
  std::string text;
  if (!readFile(path, text)) {
    error = fmt::format("{}: cannot read the file", path);
    return std::nullopt;
  }
  ReviewInput in;
  in.path = path;
  if (looksLikeJson(text)) {
    LoadResult loaded = Flow::load(text);
    if (!loaded) {
      error = fmt::format("{}: not a valid call flow: {}", path, loaded.error);
      return std::nullopt;
    }
    in.model = modelOf(nlohmann::json::parse(text));
    return in;
  }
  in.compilation = std::make_unique<Compilation>(search);
  in.compilation->keepReviewFacts();
  in.compilation->run(path, std::move(text), false);
  in.diagnostics = in.compilation->diagnostics().sorted();
  const auto &facts = in.compilation->reviewFacts();
  if (!facts) {
    error = fmt::format("{}: no campaign to review", path);
    for (const Diagnostic &d : in.diagnostics)
      if (d.severity == Severity::Error) {
        Place at = in.placeOf(d.range);
        error += fmt::format("\n  {}:{}:{}: {}", at.file, at.line, at.column, diagnosticLine(d));
      }
    return std::nullopt;
  }
  std::vector<std::pair<std::string, Place>> clauses;
  for (const ReviewFacts::Clause &c : facts->clauses)
    clauses.emplace_back(c.id, in.placeOf(c.range));
  in.model = modelOf(nlohmann::json::parse(facts->flow), clauses);
  in.draft = facts->draft;
  in.lexicon = facts->lexicon;
  return in;
}

std::optional<std::string> ReviewOptions::value(const std::string &name) const {
  for (const auto &[k, v] : values)
    if (k == name)
      return v;
  return std::nullopt;
}

std::optional<ReviewOptions> parseReviewOptions(const std::vector<std::string> &args,
                                                const char *command,
                                                const std::vector<std::string> &formats,
                                                const std::vector<std::string> &own) {
  ReviewOptions opts;
  opts.searchPath.stdlibDir = defaultStdlibDir();
  if (!formats.empty())
    opts.format = formats.front();
  auto usage = [&](const std::string &why) -> std::optional<ReviewOptions> {
    fmt::print(stderr, "patter {}: {}\nTry 'patter {} --help'.\n", command, why, command);
    return std::nullopt;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    // `--name VALUE` or `--name=VALUE`; `-o FILE`, `-I DIR` or `-IDIR`.
    std::string name = a, inlineValue;
    bool hasInline = false;
    if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = a.substr(0, eq);
      inlineValue = a.substr(eq + 1);
      hasInline = true;
    } else if (a.rfind("-I", 0) == 0 && a.size() > 2) {
      name = "-I";
      inlineValue = a.substr(2);
      hasInline = true;
    }
    auto take = [&]() -> std::optional<std::string> {
      if (hasInline)
        return inlineValue;
      if (i + 1 < args.size())
        return args[++i];
      return std::nullopt;
    };
    const bool isOwn = std::find(own.begin(), own.end(), name) != own.end();
    if (a == "--help" || a == "-h") {
      opts.help = true;
    } else if (a == "--version") {
      opts.version = true;
    } else if (name == "-I" || name == "--stdlib" || name == "-o" || name == "--output" ||
               (name == "--format" && !formats.empty()) || isOwn) {
      auto v = take();
      if (!v || v->empty())
        return usage(name + " needs a value");
      if (name == "-I")
        opts.searchPath.includeDirs.push_back(*v);
      else if (name == "--stdlib")
        opts.searchPath.stdlibDir = *v;
      else if (name == "-o" || name == "--output")
        opts.output = *v;
      else if (name == "--format") {
        if (std::find(formats.begin(), formats.end(), *v) == formats.end()) {
          std::string list;
          for (const std::string &f : formats)
            list += (list.empty() ? "'" : ", '") + f + "'";
          return usage("--format takes " + list);
        }
        opts.format = *v;
      } else
        opts.values.emplace_back(name, *v);
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else {
      opts.inputs.push_back(a);
    }
  }
  return opts;
}

bool writeOutput(const std::string &output, const std::string &text, const char *command) {
  if (output.empty() || output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  std::string error;
  if (!writeFileAtomically(output, text, error)) {
    fmt::print(stderr, "patter {}: error: {}: {}\n", command, output, error);
    return false;
  }
  return true;
}

} // namespace patter::cli
