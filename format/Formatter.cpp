// The canonical layout: indentation from braces, single spaces, aligned blocks and comments.
#include "Formatter.h"

#include "SourceLines.h"
#include "SourceManager.h"

#include <algorithm>

namespace patter {

namespace {

using format::Piece;
using format::SourceLine;

constexpr unsigned kIndent = 2;
/// Cells between the longest line of a run and its trailing comments.
constexpr unsigned kCommentGap = 2;

/// What a brace opens, as far as layout cares.
enum class Block { Top, Campaign, Offer, Clauses, Body, Policy, Entry, Handlers, Invoke, Other };

/// How a line lines up with its neighbours: its value after the key, or its `->`.
enum class Align { None, Key, Arrow };

struct OutLine {
  std::string code;           ///< indentation and code, without a trailing comment
  std::string_view trailing;  ///< a trailing `//` comment, or empty
  bool blankBefore = false;
  bool commentOnly = false;
  Align align = Align::None;
  unsigned depth = 0;
  size_t padAt = 0;           ///< Key, Arrow: the byte of the single space to widen
};

/// The block a `{` opens, from the word that begins its declaration and the enclosing block.
Block opened(const Piece &opener, Block enclosing) {
  if (opener.kind != Piece::Kind::Token)
    return Block::Other;
  switch (opener.token) {
  case TokenKind::CAMPAIGN: return Block::Campaign;
  case TokenKind::HANDLERS: return Block::Handlers;
  case TokenKind::OFFER: return Block::Offer;
  case TokenKind::CLAUSES: return Block::Clauses;
  case TokenKind::STEP:
  case TokenKind::OBJECTION: return Block::Body;
  case TokenKind::INVOKE: return Block::Invoke;
  case TokenKind::POLICY:
    if (enclosing == Block::Top)
      return Block::Policy;
    break;
  default: break;
  }
  return enclosing == Block::Policy ? Block::Entry : Block::Other;
}

bool hasToken(const std::vector<Piece> &pieces, TokenKind kind) {
  return std::any_of(pieces.begin(), pieces.end(), [&](const Piece &p) { return p.is(kind); });
}

/// Whether the code of a line (no braces in it) in `block` aligns, and how.
Align alignmentOf(const std::vector<Piece> &code, Block block) {
  if (code.size() < 2 || code[0].isComment() || code[1].isComment())
    return Align::None;
  if (code[0].is(TokenKind::ON))
    return hasToken(code, TokenKind::ARROW) ? Align::Arrow : Align::None;
  switch (block) {
  case Block::Offer:
  case Block::Clauses:
  case Block::Entry:
  case Block::Invoke: return Align::Key;
  case Block::Campaign:
    return code[0].is(TokenKind::TITLE) || code[0].is(TokenKind::CHANNEL) ||
                   code[0].is(TokenKind::POLICY) || code[0].is(TokenKind::START)
               ? Align::Key
               : Align::None;
  case Block::Policy:
    return code[0].is(TokenKind::LIMIT) || code[0].is(TokenKind::REQUIRE) ? Align::None
                                                                           : Align::Key;
  default: return Align::None;
  }
}

/// Joins pieces with single spaces, none before a comma or between `{` and `}`; records in
/// `padAt` the space after the first piece (Key) or before the `->` (Arrow).
std::string joinPieces(const std::vector<Piece> &code, Align align, size_t &padAt) {
  std::string out;
  for (size_t i = 0; i < code.size(); ++i) {
    if (i > 0 && !code[i].is(TokenKind::COMMA) &&
        !(code[i].is(TokenKind::RBRACE) && code[i - 1].is(TokenKind::LBRACE))) {
      if ((align == Align::Key && i == 1) ||
          (align == Align::Arrow && code[i].is(TokenKind::ARROW) && padAt == 0))
        padAt = out.size();
      out += ' ';
    }
    out += code[i].text;
  }
  return out;
}

/// Widens the recorded space of each line in a run so that what follows it lines up.
void alignRun(std::vector<OutLine> &lines, const std::vector<size_t> &run) {
  if (run.size() < 2)
    return;
  unsigned widest = 0;
  for (size_t i : run)
    widest = std::max(widest, displayWidth(std::string_view(lines[i].code).substr(0, lines[i].padAt)));
  for (size_t i : run) {
    OutLine &line = lines[i];
    unsigned width = displayWidth(std::string_view(line.code).substr(0, line.padAt));
    line.code.insert(line.padAt, widest - width, ' ');
  }
}

/// Runs of consecutive lines of the same alignment and depth, comment lines between them
/// allowed, a blank line or any other line ending them.
void alignValues(std::vector<OutLine> &lines) {
  std::vector<size_t> run;
  for (size_t i = 0; i < lines.size(); ++i) {
    const OutLine &line = lines[i];
    if (line.blankBefore || (!line.commentOnly && !run.empty() &&
                             (line.align != lines[run.back()].align ||
                              line.depth != lines[run.back()].depth))) {
      alignRun(lines, run);
      run.clear();
    }
    if (line.align != Align::None)
      run.push_back(i);
  }
  alignRun(lines, run);
}

/// Trailing comments of consecutive lines start in one column, `kCommentGap` past the widest.
void alignComments(std::vector<OutLine> &lines) {
  size_t i = 0;
  while (i < lines.size()) {
    if (lines[i].trailing.empty()) {
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < lines.size() && !lines[end].trailing.empty() && !lines[end].blankBefore)
      ++end;
    unsigned widest = 0;
    for (size_t j = i; j < end; ++j)
      widest = std::max(widest, displayWidth(lines[j].code));
    for (size_t j = i; j < end; ++j) {
      lines[j].code.append(widest + kCommentGap - displayWidth(lines[j].code), ' ');
      lines[j].code += lines[j].trailing;
    }
    i = end;
  }
}

/// Whether `a` and `b` hold the same tokens and comments in the same order.
bool samePieces(const std::vector<SourceLine> &a, const std::vector<SourceLine> &b) {
  std::vector<std::pair<Piece::Kind, std::string_view>> left, right;
  for (const SourceLine &line : a)
    for (const Piece &p : line.pieces)
      left.emplace_back(p.kind, p.text);
  for (const SourceLine &line : b)
    for (const Piece &p : line.pieces)
      right.emplace_back(p.kind, p.text);
  return left == right;
}

} // namespace

FormatResult formatSource(std::string_view text) {
  format::SourceLines source = format::splitLines(text);
  if (!source.error.empty())
    return {{}, source.error, source.line, source.column};

  std::vector<OutLine> lines;
  std::vector<Block> blocks{Block::Top};
  for (const SourceLine &in : source.lines) {
    OutLine out;
    out.blankBefore = in.blankBefore && !lines.empty();
    std::vector<Piece> code = in.pieces;
    if (code.size() > 1 && code.back().kind == Piece::Kind::LineComment) {
      out.trailing = code.back().text;
      code.pop_back();
    }
    out.commentOnly = std::all_of(code.begin(), code.end(), [](const Piece &p) { return p.isComment(); });
    const Block block = blocks.back();
    out.depth = static_cast<unsigned>(blocks.size() - 1);
    if (code.front().is(TokenKind::RBRACE) && out.depth > 0)
      --out.depth;
    if (!hasToken(code, TokenKind::LBRACE) && !hasToken(code, TokenKind::RBRACE))
      out.align = alignmentOf(code, block);

    size_t opener = 0; // the piece that begins the declaration a `{` on this line opens
    for (size_t i = 0; i < code.size(); ++i) {
      if (code[i].is(TokenKind::LBRACE)) {
        blocks.push_back(opened(code[opener], blocks.back()));
        opener = i + 1;
      } else if (code[i].is(TokenKind::RBRACE)) {
        if (blocks.size() == 1)
          return {{}, "'}' closes no block", in.number, 1};
        blocks.pop_back();
        opener = i + 1;
      }
    }

    out.code = joinPieces(code, out.align, out.padAt);
    out.code.insert(0, out.depth * kIndent, ' ');
    out.padAt += out.depth * kIndent;
    lines.push_back(std::move(out));
  }
  if (blocks.size() > 1)
    return {{}, "a block is not closed with '}'", source.lines.back().number, 1};

  alignValues(lines);
  alignComments(lines);
  FormatResult result;
  for (const OutLine &line : lines) {
    if (line.blankBefore)
      result.text += '\n';
    result.text += line.code;
    result.text += '\n';
  }
  if (!samePieces(source.lines, format::splitLines(result.text).lines))
    return {{}, "the layout would change the tokens or comments (a formatter defect)", 1, 1};
  return result;
}

} // namespace patter
