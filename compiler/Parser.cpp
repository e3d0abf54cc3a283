// Runs the ANTLR lexer and parser over one file, turning their errors into diagnostics.
#include "Parser.h"

#include "AstBuilder.h"

#include "PatterLexer.h"
#include "antlr4-runtime.h"

#include <llvm/Support/ConvertUTF.h>

namespace patter {

namespace {

/// Reports the first invalid UTF-8 byte with its line and column; returns false if any.
bool validateUtf8(const SourceManager &sources, uint32_t file, DiagnosticEngine &diags) {
  std::string_view text = sources.text(file);
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.data());
  const auto *end = begin + text.size();
  const llvm::UTF8 *bad = begin;
  if (llvm::isLegalUTF8String(&bad, end))
    return true;
  uint32_t line = 1, column = 1;
  for (const llvm::UTF8 *p = begin; p < bad; ++p) {
    if (*p == '\n') {
      ++line;
      column = 1;
    } else if ((*p & 0xC0) != 0x80) {
      ++column;
    }
  }
  // `bad` points at the start of the offending sequence; the column counts code points before.
  SourceLocation at{file, line, column};
  diags.report(DiagId::InvalidUtf8, {at, {file, line, column + 1}}, static_cast<unsigned>(*bad));
  return false;
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
  DiagnosticErrorListener(uint32_t file, DiagnosticEngine &diags) : file_(file), diags_(diags) {}

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
    diags_.report(DiagId::SyntaxError, {begin, end}, readableMessage(msg));
  }

private:
  uint32_t file_;
  DiagnosticEngine &diags_;
};

} // namespace

std::unique_ptr<ast::Module> parse(const SourceManager &sources, uint32_t file,
                                   DiagnosticEngine &diags) {
  if (!validateUtf8(sources, file, diags)) {
    auto empty = std::make_unique<ast::Module>();
    empty->file = file;
    return empty;
  }
  std::string_view text = sources.text(file);
  antlr4::ANTLRInputStream input(text.data(), text.size());
  grammar::PatterLexer lexer(&input);
  DiagnosticErrorListener listener(file, diags);
  lexer.removeErrorListeners();
  lexer.addErrorListener(&listener);
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
  return AstBuilder(file).build(tree);
}

} // namespace patter
