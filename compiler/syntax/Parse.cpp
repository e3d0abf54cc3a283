// Parses one file: the direct parser when the file is well formed, else our lexer and the ANTLR
// parser, whose errors become diagnostics.
#include "Parse.h"

#include "AstBuilder.h"
#include "Confusables.h"
#include "DirectParse.h"
#include "Encoding.h"
#include "Tokenizer.h"

#include "PatterParser.h"
#include "antlr4-runtime.h"


namespace patter {

namespace {

/// Reports each NUL character inside a string literal (E0626): a dialer or a text-to-speech
/// engine reading a C string would cut the line there, so the customer would not hear what the
/// compiler checked.
void reportNulInStrings(std::string_view text, uint32_t file, DiagnosticEngine &diags) {
  if (text.find('\0') == std::string_view::npos)
    return;
  Scanner scanner(text);
  for (Lexeme token = scanner.next(); token.kind != TokenKind::Eof; token = scanner.next()) {
    if (token.kind != TokenKind::STRING)
      continue;
    std::string_view literal = scanner.text(token);
    uint32_t column = token.column + 1;
    for (size_t i = 0; i < literal.size(); ++i) {
      if (literal[i] == '\0') {
        SourceLocation at{file, token.line, column};
        diags.report(DiagId::NulInString, {at, {file, token.line, column + 1}});
      }
      column += (static_cast<unsigned char>(literal[i]) & 0xC0) != 0x80;
    }
  }
}

/// ANTLR lists every token it would accept; past a handful that helps nobody. Token type
/// names are replaced by words a script writer knows.
std::string readableMessage(std::string msg) {
  if (msg.rfind("token recognition error at: '\"", 0) == 0)
    return "unterminated string literal";
  if (msg.rfind("token recognition error at: ", 0) == 0)
    return "unexpected character " + msg.substr(28);
  auto pos = msg.find(" expecting {");
  if (pos != std::string::npos) {
    std::string set = msg.substr(pos);
    if (std::count(set.begin(), set.end(), ',') >= 4)
      msg.erase(pos);
  }
  static const std::pair<std::string, std::string> words[] = {
      {"STRING", "a string"}, {"IDENT", "a name"}, {"NUMBER", "a number"},
      {"<EOF>", "end of file"}};
  for (const auto &[token, word] : words)
    for (size_t at; (at = msg.find(token)) != std::string::npos;)
      msg.replace(at, token.size(), word);
  return msg;
}

class DiagnosticErrorListener : public antlr4::BaseErrorListener {
public:
  DiagnosticErrorListener(uint32_t file, DiagnosticEngine &diags,
                          std::vector<PunctuationRepair> &repairs)
      : file_(file), diags_(diags), repairs_(repairs) {}

  void syntaxError(antlr4::Recognizer *, antlr4::Token *offending, size_t line,
                   size_t charPositionInLine, const std::string &msg,
                   std::exception_ptr) override {
    SourceLocation begin{file_, static_cast<uint32_t>(line),
                         static_cast<uint32_t>(charPositionInLine + 1)};
    SourceLocation end = begin;
    uint32_t width = 1;
    if (offending && offending->getType() != antlr4::Token::EOF) {
      width = 0;
      for (unsigned char c : offending->getText())
        width += (c & 0xC0) != 0x80;
    }
    end.column += std::max<uint32_t>(width, 1);
    if (offending && msg.rfind("extraneous input", 0) == 0 && misplacedRepair(begin, *offending))
      return;
    diags_.report(DiagId::SyntaxError, {begin, end}, readableMessage(msg));
  }

private:
  /// Whether the extraneous token is a repaired mark's ASCII form: then the mark is out of
  /// place whatever its width, and its one error (E0011) says to remove it.
  bool misplacedRepair(SourceLocation at, const antlr4::Token &token) {
    for (PunctuationRepair &r : repairs_)
      if (r.range.begin.line == at.line && r.range.begin.column == at.column &&
          r.id == DiagId::ConfusablePunctuation && r.fixIts.size() == 1 &&
          r.fixIts.front().replacement == token.getText()) {
        r.misplaced = true;
        return true;
      }
    return false;
  }

  uint32_t file_;
  DiagnosticEngine &diags_;
  std::vector<PunctuationRepair> &repairs_;
};

} // namespace

std::unique_ptr<ast::Module> parse(const SourceManager &sources, uint32_t file,
                                   DiagnosticEngine &diags) {
  if (!checkEncoding(sources, file, diags)) {
    auto empty = std::make_unique<ast::Module>();
    empty->file = file;
    return empty;
  }
  // Both parsers read the text with full-width punctuation repaired (each one reported once),
  // so a `，` typed for `,` is one error and not the start of a cascade.
  RepairedText repaired = repairConfusables(sources, file);
  std::string_view text = repaired.text ? std::string_view(*repaired.text) : sources.text(file);
  reportNulInStrings(text, file, diags);
  // Most files are well formed: the direct parser reads them without ANTLR's parse tree and
  // token objects. It reports nothing, so for a file it rejects ANTLR parses from the start.
  if (auto module = parseDirect(text, file)) {
    reportRepairs(repaired.repairs, diags);
    return module;
  }
  DiagnosticErrorListener listener(file, diags, repaired.repairs);
  Tokenizer lexer(text, &listener);
  antlr4::CommonTokenStream tokens(&lexer);
  grammar::PatterParser parser(&tokens);
  parser.removeErrorListeners();
  // Two-stage parsing: SLL prediction bails out on the first error and is much faster; only a
  // file that fails it is parsed again with full LL and error recovery, which reports all errors.
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  grammar::PatterParser::ScriptContext *tree = nullptr;
  try {
    tree = parser.script();
  } catch (const antlr4::ParseCancellationException &) {
    tokens.seek(0);
    parser.reset();
    parser.addErrorListener(&listener);
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    tree = parser.script();
  }
  reportRepairs(repaired.repairs, diags);
  // The parse tree and the tokens die with `parser` and `tokens` when this returns: only our
  // AST outlives the parse.
  return AstBuilder(file).build(tree);
}

} // namespace patter
