// Reading a customer's reply: normalisation, clauses, negation, questions and the clause that
// decides, over the flow's reply vocabularies (docs/RUNTIME.md, "Reading replies").
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace patter {

/// A class of the reply vocabulary (include/patter/replies.def).
enum class WordClass : std::uint8_t {
#define REPLY_CLASS(Id, name) Id,
#include "patter/replies.def"
};
inline constexpr std::size_t kWordClassCount = 0
#define REPLY_CLASS(Id, name) +1
#include "patter/replies.def"
    ;

/// The name of a class in the language and the flow (`yes`, `not_owner`, ...).
std::string_view toString(WordClass c) noexcept;
/// The class of a name, or false.
bool wordClassOf(std::string_view name, WordClass& out) noexcept;

/// The words of each class: what a flow's `replies.classes` holds.
struct Vocabulary {
  std::array<std::vector<std::string>, kWordClassCount> words;
};

/// What a reply means to the flow.
enum class ReplyClass : std::uint8_t {
  Yes,           ///< a yes (see Reading::explicitYes and Reading::identity)
  No,            ///< a refusal
  Hesitation,    ///< puts the decision off
  Question,      ///< asks something
  Complaint,     ///< a complaint or an accusation (R18)
  Angry,         ///< upset (R08, R11)
  Busy,          ///< busy now (R08, R14)
  NotOwner,      ///< the phone is someone else's (R03)
  Abuse,         ///< a personal attack (R17)
  Offtopic,      ///< out of scope (R17)
  Objection,     ///< an objection's keyword (Reading::objection)
  Filler,        ///< no answer: filler, an acknowledgement, neutral words only (R06)
  NotUnderstood, ///< heard, but nothing in it is understood (R16)
  Unclear,       ///< nothing heard: empty or only punctuation (R13)
};

/// The lower-case name of a class (`yes`, `not_owner`, `not_understood`, ...).
std::string_view toString(ReplyClass kind) noexcept;

/// Which reading rule decided (the `why` of an audit record).
enum class ReadingRule : std::uint8_t {
  ExplicitYes,   ///< only yes words and words that decide nothing
  VagueYes,      ///< a yes word with words the vocabulary does not know: not explicit
  Word,          ///< a word of the deciding class
  Negated,       ///< a negation before a yes word, or with nothing after it
  QuestionWord,  ///< a question word
  QuestionMark,  ///< a question mark
  ANotA,         ///< an A-not-A question (要不要, 是不是)
  Particle,      ///< a question particle ends the clause
  Contrast,      ///< a contrast word leaves the decision open
  Acknowledged,  ///< an acknowledgement without a decision (知道了)
  FillerOnly,    ///< only filler (嗯, 啊)
  NeutralOnly,   ///< only words that decide nothing (谢谢)
  Unknown,       ///< no word of the vocabulary at all
  Empty,         ///< nothing but punctuation and spaces
  TooLong,       ///< longer than kMaxReplyCodePoints: not read
};

/// The lower-case name of a rule (`explicit_yes`, `negated`, `question_word`, ...).
std::string_view toString(ReadingRule rule) noexcept;

/// Replies longer than this (in code points) are not read: NotUnderstood (TooLong).
inline constexpr std::size_t kMaxReplyCodePoints = 512;

/// How one reply was read. Spans are byte ranges of the reply as given.
struct Reading {
  ReplyClass kind = ReplyClass::Unclear;
  ReadingRule why = ReadingRule::Empty;
  bool explicitYes = false;    ///< Yes: made only of yes words and words that decide nothing
                               ///< (beside an acknowledgement, `why` is Acknowledged: not explicit)
  bool identity = false;       ///< Yes: a `yes` word (是, 对) or an `owner` word (我是机主) affirms;
                               ///< `agree` alone does not
  bool agrees = false;         ///< Yes: a `yes` or `agree` word agrees; `owner` words alone only say
                               ///< whose phone it is (我是机主), never consent
  std::uint32_t objection = 0; ///< Objection: index of the objection in the flow's list
  std::uint32_t clauseBegin = 0, clauseEnd = 0;   ///< the clause that carried the decision
  std::uint32_t matchedBegin = 0, matchedEnd = 0; ///< the word that decided, if one did

  std::string_view clause(std::string_view reply) const noexcept {
    return reply.substr(clauseBegin, clauseEnd - clauseBegin);
  }
  std::string_view matched(std::string_view reply) const noexcept {
    return reply.substr(matchedBegin, matchedEnd - matchedBegin);
  }
};

/// Reads replies by a vocabulary and a flow's objection keywords, compiled once into a trie over
/// normalised code points; read() is one pass over the reply and never allocates.
///
/// The reply is normalised (traditional to simplified by OpenCC's table, generated at build
/// time; full-width to half-width; Latin letters to lower case; spaces dropped), split into
/// clauses at punctuation and contrast words and segmented into the longest vocabulary words.
/// In a clause, a negation makes the yes words after it a refusal (and alone is one); a question
/// word, a question mark, an A-not-A form or a closing particle makes the clause a question.
/// The clauses after the last contrast word decide. The class that decides is the most cautious
/// one present: abuse, complaint, angry, not_owner, busy, objection, no, hesitation, question;
/// only when none is present is the reply a yes, and an explicit one only when every word in it
/// is a yes word, filler or neutral. Safe side: a false "no" is better than a false "yes".
class ReplyReader {
public:
  ReplyReader() = default;
  ReplyReader(const Vocabulary& vocabulary, const std::vector<std::vector<std::string>>& objectionKeywords);

  /// `reply` must be valid UTF-8 (the session checks); invalid bytes are read as unknown words.
  /// With `objections` false, an objection keyword reads as its vocabulary class, or as `no`.
  Reading read(std::string_view reply, bool objections = true) const noexcept;

private:
  struct Edge {
    char32_t cp;
    std::uint32_t target;
  };
  struct Node {
    std::uint32_t firstEdge = 0, edgeCount = 0;
    std::int16_t word = -1;       ///< WordClass of a word ending here, or -1
    std::int32_t objection = -1;  ///< objection of a keyword ending here, or -1
  };
  struct Hit;
  Hit longest(const char32_t* text, std::size_t size, std::size_t at) const noexcept;

  std::vector<Node> nodes_{1};
  std::vector<Edge> edges_;
  /// The negation words one character long, folded: the middle of an A-not-A question
  /// (要不要, 有没有).
  std::u32string aNotA_;
};

/// Folds one code point as the reader does: full-width to half-width, Latin to lower case,
/// traditional to simplified. Spaces and punctuation are left as they are.
char32_t foldForReading(char32_t c) noexcept;

/// A text folded code point by code point as foldForReading does, spaces and punctuation left
/// out: what the runtime and the compiler both look for a policy's wait phrase in (R12), so
/// that `請稍等` and `请 稍等` count as `请稍等` on both sides.
std::u32string foldedForMatching(std::string_view text);

} // namespace patter
