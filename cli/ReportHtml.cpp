// Writes the reviewer's report (ReportHtml.h). The page needs nothing outside itself: styles
// inline, the picture inline SVG, no script, so it opens offline and prints as it shows.
#include "ReportHtml.h"

#include "patter/format.h"

#include <fmt/format.h>

#include <algorithm>

namespace patter::cli {

namespace {

using json = nlohmann::json;
namespace key = format::key;

constexpr std::string_view kStyle = R"(
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; line-height: 1.5; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #ccc; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; white-space: nowrap; }
td { overflow-wrap: anywhere; }
code { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 0.95em; }
.draft { background: #fdecea; border: 1px solid #d62728; padding: 0.6em 1em; }
.verdict-passed { color: #1b5e20; }
.verdict-warning { color: #8a5a00; }
.verdict-error { color: #b71c1c; font-weight: bold; }
.verdict-waived { color: #4a148c; }
.verdict-unchecked { color: #555; }
.added { background: #e8f5e9; } .removed { background: #ffebee; } .changed { background: #fff8e1; }
figure { margin: 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
.meta td:first-child { width: 10em; font-weight: bold; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { page-break-after: avoid; }
  tr, figure, li { page-break-inside: avoid; }
  figure { overflow: visible; }
}
)";

std::string esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string str(const json &j, std::string_view k) {
  auto it = j.is_object() ? j.find(k) : j.end();
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json &member(const json &j, std::string_view k) {
  static const json none;
  auto it = j.is_object() ? j.find(k) : j.end();
  return it != j.end() ? *it : none;
}

std::string scalar(const json &v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

/// An offer fact as a reviewer reads it: `10 yuan / month`, `12 month`, the text.
std::string factText(const json &fact) {
  const std::string type = str(fact, key::type);
  if (type == format::factType::money || type == format::factType::duration) {
    std::string out = scalar(member(fact, key::amount)) + " " + str(fact, key::unit);
    if (!str(fact, key::per).empty())
      out += " / " + str(fact, key::per);
    return out;
  }
  return scalar(member(fact, key::value));
}

std::string where(const Place &p) {
  return p.known() ? fmt::format("{}:{}", p.file, p.line) : "";
}

const char *verdictClass(Verdict::Kind k) {
  switch (k) {
  case Verdict::Kind::Passed: return "verdict-passed";
  case Verdict::Kind::Warning: return "verdict-warning";
  case Verdict::Kind::Error: return "verdict-error";
  case Verdict::Kind::Waived: return "verdict-waived";
  case Verdict::Kind::Unchecked: return "verdict-unchecked";
  }
  return "";
}

/// The SVG document without its XML prolog and doctype, to sit inside the page.
std::string inlineSvg(const std::string &svg) {
  auto at = svg.find("<svg");
  return at == std::string::npos ? std::string() : svg.substr(at);
}

class Page {
public:
  Page(const ReviewInput &in, const std::optional<FlowDiff> &diff) : in_(in), diff_(diff) {}

  std::string render(const std::string &svg) {
    const json &flow = in_.model.flow;
    const json &campaign = member(flow, key::campaign);
    const std::string title = str(campaign, key::title);
    out_ += fmt::format("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<title>合规审核报告 · {}</title>\n<style>{}</style>\n</head>\n<body>\n",
                        esc(title), kStyle);
    out_ += fmt::format("<h1>合规审核报告:{}</h1>\n", esc(title));
    if (in_.draft)
      out_ += "<p class=\"draft\" id=\"draft\">草稿:该话术有错误(见“诊断”),未生成可用的流程。"
              "以下内容仅供定位问题。</p>\n";
    overview(campaign);
    offer();
    policy();
    picture(svg);
    salePaths();
    lines();
    waivers();
    diagnostics();
    if (diff_)
      changes();
    out_ += "</body>\n</html>\n";
    return std::move(out_);
  }

private:
  void overview(const json &campaign) {
    out_ += "<h2 id=\"campaign\">活动</h2>\n<table class=\"meta\">\n";
    row({"活动编号", str(campaign, key::id)});
    row({"标题", str(campaign, key::title)});
    row({"渠道", str(campaign, key::channel)});
    row({"政策", str(campaign, key::policy)});
    row({"文件", in_.path});
    const std::string id = in_.model.identity();
    out_ += fmt::format("<tr><td>流程标识</td><td id=\"identity\"><code>{}</code></td></tr>\n",
                        id.empty() ? "(该流程未带标识)" : esc(id));
    for (const char *part : {"policy", "lexicon"})
      if (std::string hash = in_.model.identity(part); !hash.empty())
        row({std::string(part) == "policy" ? "政策标识" : "词表标识", hash});
    out_ += "</table>\n";
  }

  void offer() {
    out_ += "<h2 id=\"offer\">优惠内容</h2>\n<table>\n<tr><th>项目</th><th>内容</th></tr>\n";
    for (const auto &[name, fact] : member(in_.model.flow, key::offer).items())
      row({name, factText(fact)});
    out_ += "</table>\n";
  }

  void policy() {
    const json &policy = member(in_.model.flow, key::policy);
    out_ += "<h2 id=\"policy\">政策与条款</h2>\n";
    const std::vector<std::string> mandatory = in_.model.mandatory();
    out_ += "<table id=\"clauses\">\n<tr><th>条款</th><th>原文</th><th>登记前必须披露</th></tr>\n";
    for (const json &c : member(in_.model.flow, key::clauses)) {
      const std::string id = str(c, key::id);
      const bool required = std::find(mandatory.begin(), mandatory.end(), id) != mandatory.end();
      row({id, str(c, key::text), required ? "是" : "否"});
    }
    out_ += "</table>\n<table id=\"limits\">\n<tr><th>上限</th><th>次数</th></tr>\n";
    for (const auto &[name, value] : member(policy, key::limits).items())
      row({name, scalar(value)});
    out_ += "</table>\n";
    if (member(policy, key::timing).is_object()) {
      out_ += "<table id=\"timing\">\n<tr><th>时间设置</th><th>值</th></tr>\n";
      for (const auto &[name, value] : member(policy, key::timing).items())
        row({name, scalar(value)});
      out_ += "</table>\n";
    }
  }

  void picture(const std::string &svg) {
    out_ += "<h2 id=\"picture\">流程图</h2>\n<p>蓝色:披露条款;橙色:确认办理;绿色:登记销售;"
            "虚线:任何等待中的步骤都适用的处理和异议关键词。</p>\n<figure>\n" +
            inlineSvg(svg) + "\n</figure>\n";
  }

  void salePaths() {
    out_ += "<h2 id=\"sale-paths\">成交路径</h2>\n";
    if (in_.model.salePaths.empty()) {
      out_ += "<p>没有通往登记销售的路径。</p>\n";
      return;
    }
    out_ += "<p>每一种通往登记销售的路径,按客户听到的顺序列出披露的条款,并给出该类中最短的一条。</p>\n<ol>\n";
    for (const SalePath &p : in_.model.salePaths) {
      out_ += "<li class=\"sale-path\"><p>条款顺序:";
      for (std::size_t i = 0; i < p.clauses.size(); ++i)
        out_ += fmt::format("{}<b>{}</b>(“{}”)", i ? " → " : "", esc(p.clauses[i]),
                            esc(in_.model.clauseText(p.clauses[i])));
      if (p.clauses.empty())
        out_ += "(未披露任何条款)";
      if (!p.missing.empty()) {
        std::string missing;
        for (const std::string &c : p.missing)
          missing += (missing.empty() ? "" : ", ") + c;
        out_ += fmt::format("</p><p class=\"verdict-error\">缺少必须披露的条款:{}", esc(missing));
      }
      out_ += fmt::format("</p><p>{};同类路径 {} 条。</p><p>步骤:", p.confirmed
                              ? "最后一项条款之后有确认办理"
                              : "<span class=\"verdict-error\">最后一项条款之后没有确认办理</span>",
                          p.count);
      for (std::size_t i = 0; i < p.nodes.size(); ++i) {
        out_ += esc(p.nodes[i]);
        if (i < p.events.size())
          out_ += fmt::format(" —{}→ ", esc(p.events[i]));
      }
      out_ += "</p></li>\n";
    }
    out_ += "</ol>\n";
    if (in_.model.salePathsTruncated)
      out_ += "<p class=\"verdict-warning\">路径太多,只列出了前一部分。</p>\n";
  }

  void lines() {
    out_ += "<h2 id=\"lines\">全部话术</h2>\n<table id=\"line-table\">\n<tr><th>话术编号</th>"
            "<th>步骤</th><th>类型</th><th>条款</th><th>原文</th><th>用语检查</th><th>位置</th></tr>\n";
    bool runtime = false;
    for (const SpokenLine &l : in_.model.lines) {
      runtime |= l.kind == "runtime";
      const Verdict v = in_.verdict(l);
      out_ += fmt::format("<tr data-line-id=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td>"
                          "<td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>\n",
                          esc(l.id), esc(l.id), esc(l.node.empty() ? "(运行时)" : l.node),
                          kindName(l.kind), esc(l.clause), esc(l.text), verdictClass(v.kind),
                          esc(v.text), esc(where(l.source)));
    }
    out_ += "</table>\n";
    if (!runtime)
      out_ += "<p id=\"no-runtime-lines\">该流程未列出运行时自有话术(如“抱歉,我没听清”),"
              "它们由运行时版本决定。</p>\n";
  }

  static const char *kindName(const std::string &kind) {
    if (kind == "say") return "陈述";
    if (kind == "ask") return "提问";
    if (kind == "clause") return "条款";
    return "运行时";
  }

  void waivers() {
    out_ += "<h2 id=\"waivers\">豁免</h2>\n";
    const json &list = member(in_.model.flow, key::waivers);
    if (!list.is_array() || list.empty()) {
      out_ += "<p>没有豁免。</p>\n";
      return;
    }
    out_ += "<table id=\"waiver-table\">\n<tr><th>规则</th><th>步骤</th><th>理由</th><th>位置</th></tr>\n";
    for (const json &w : list)
      row({str(w, key::rule), str(w, key::step), str(w, key::reason), str(w, key::source)});
    out_ += "</table>\n";
  }

  void diagnostics() {
    out_ += "<h2 id=\"diagnostics\">诊断</h2>\n";
    if (!in_.fromSource()) {
      out_ += "<p>流程文件只在检查无误后生成;要看警告,请对源文件生成报告。</p>\n";
      return;
    }
    if (in_.diagnostics.empty()) {
      out_ += "<p>没有错误或警告。</p>\n";
      return;
    }
    out_ += "<ul id=\"diagnostic-list\">\n";
    for (const Diagnostic &d : in_.diagnostics) {
      const Place at = in_.placeOf(d.range);
      const char *severity = d.waived ? "已豁免" : d.severity == Severity::Error ? "错误" : "警告";
      out_ += fmt::format("<li class=\"diagnostic\" data-code=\"{}\"><b>{} {}</b> {}:{}:{}:{}{}",
                          esc(d.code()), severity, esc(d.code()), esc(at.file), at.line, at.column,
                          esc(d.message),
                          d.rule().empty() ? "" : fmt::format(" [{}]", esc(d.rule())));
      if (d.waived)
        out_ += fmt::format("<br>豁免理由:{}", esc(d.waived->reason));
      std::string path;
      for (const Note &n : d.notes)
        path += fmt::format("<li>{}({})</li>", esc(n.message), esc(where(in_.placeOf(n.range))));
      if (!path.empty())
        out_ += "<ol class=\"path\">" + path + "</ol>";
      out_ += "</li>\n";
    }
    out_ += "</ul>\n";
  }

  void changes() {
    out_ += fmt::format("<h2 id=\"changes\">与 {} 相比的变化</h2>\n", esc(diff_->oldPath));
    if (diff_->changes.empty())
      out_ += "<p>合规相关内容没有变化。</p>\n";
    for (const DiffSection &section : diffSections()) {
      std::string rows;
      for (const Change &c : diff_->changes)
        if (c.section == section.id)
          rows += fmt::format("<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                              c.kind, c.kind == "added" ? "新增" : c.kind == "removed" ? "删除" : "修改",
                              esc(c.subject), esc(c.before), esc(c.after));
      if (!rows.empty())
        out_ += fmt::format("<h3>{}</h3>\n<table class=\"change-table\">\n<tr><th>变化</th><th>项目</th>"
                            "<th>原来</th><th>现在</th></tr>\n{}</table>\n",
                            section.chinese, rows);
    }
    for (const std::string &note : diff_->notes)
      out_ += fmt::format("<p>未比较:{}</p>\n", esc(note));
  }

  void row(const std::vector<std::string> &cells) {
    out_ += "<tr>";
    for (const std::string &c : cells)
      out_ += "<td>" + esc(c) + "</td>";
    out_ += "</tr>\n";
  }

  const ReviewInput &in_;
  const std::optional<FlowDiff> &diff_;
  std::string out_;
};

} // namespace

std::string reportHtml(const ReviewInput &input, const std::string &svg,
                       const std::optional<FlowDiff> &diff) {
  return Page(input, diff).render(svg);
}

} // namespace patter::cli
