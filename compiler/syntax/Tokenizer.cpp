// The adaptor from the scanner's tokens to ANTLR's: token types, text and error messages.
#include "Tokenizer.h"

#include "CommonToken.h"
#include "CommonTokenFactory.h"
#include "PatterParser.h"

namespace patter {

namespace {

/// A token whose text is set once, without the copy `CommonToken::setText` makes.
class SourceToken : public antlr4::CommonToken {
public:
  SourceToken(antlr4::TokenSource *source, size_t type, size_t start, size_t stop, size_t line,
              size_t column, std::string_view text)
      : CommonToken({source, nullptr}, type, DEFAULT_CHANNEL, start, stop) {
    _line = line;
    _charPositionInLine = column;
    _text.assign(text.data(), text.size());
  }
};

/// The generated parser's number for a token kind: both name the tokens as Patter.g4 does.
size_t antlrType(TokenKind kind) {
  switch (kind) {
#define TOKEN(Name) case TokenKind::Name: return grammar::PatterParser::Name;
#include "TokenKinds.def"
  case TokenKind::Eof:
    return antlr4::Token::EOF;
  case TokenKind::LexError: // nextToken reports these instead of passing them on
    break;
  }
  return antlr4::Token::INVALID_TYPE;
}

} // namespace

Tokenizer::Tokenizer(std::string_view text, antlr4::ANTLRErrorListener *errors)
    : scanner_(text), errors_(errors) {}

std::string Tokenizer::getSourceName() { return antlr4::IntStream::UNKNOWN_SOURCE_NAME; }

antlr4::TokenFactory<antlr4::CommonToken> *Tokenizer::getTokenFactory() {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

void Tokenizer::recognitionError(const Lexeme &error) {
  std::string message = "token recognition error at: '";
  for (char c : scanner_.text(error)) {
    switch (c) {
    case '\n': message += "\\n"; break;
    case '\t': message += "\\t"; break;
    case '\r': message += "\\r"; break;
    default: message += c; break;
    }
  }
  message += '\'';
  if (errors_)
    errors_->syntaxError(nullptr, nullptr, error.line, error.column, message, nullptr);
}

std::unique_ptr<antlr4::Token> Tokenizer::nextToken() {
  Lexeme token = scanner_.next();
  for (; token.kind == TokenKind::LexError; token = scanner_.next())
    recognitionError(token);
  // ANTLR's EOF has the text "<EOF>" and a stop index just before its start.
  std::string_view text = token.kind == TokenKind::Eof ? "<EOF>" : scanner_.text(token);
  return std::make_unique<SourceToken>(this, antlrType(token.kind), token.index,
                                       token.index + token.width - 1, token.line, token.column,
                                       text);
}

} // namespace patter
