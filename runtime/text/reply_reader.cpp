// Reading a customer's reply (see reply_reader.h): normalise, segment, read each clause, decide.
#include "patter/reply_reader.h"

#include <algorithm>
#include <array>
#include <map>

#include "utf8.h"

namespace patter {
namespace {

struct Pair {
  char32_t from, to;
};
/// OpenCC's traditional-to-simplified character pairs, sorted (generated at build time).
constexpr Pair kT2s[] = {
#include "t2s_table.inc"
};

constexpr std::string_view kClassNames[kWordClassCount] = {
#define REPLY_CLASS(Id, name) name,
#include "patter/replies.def"
};

/// What a clause or a reply may contain, once its words are read. The order of the deciding
/// kinds, first to last, is the order of caution: the first one present decides.
enum Kind : std::uint8_t {
  kAbuse, kComplaint, kAngry, kNotOwner, kBusy, kOfftopic, kObjection, kNo, kHesitation, kQuestion,
  kDeciding, // the kinds above decide whenever present
  kYes = kDeciding, kAgree, kOwner, kAck, kFiller, kNeutral, kResidue,
  kKinds
};

constexpr ReplyClass kReplyOf[kDeciding] = {
    ReplyClass::Abuse,  ReplyClass::Complaint, ReplyClass::Angry, ReplyClass::NotOwner,   ReplyClass::Busy,
    ReplyClass::Offtopic, ReplyClass::Objection, ReplyClass::No,  ReplyClass::Hesitation, ReplyClass::Question};

Kind kindOf(WordClass c) noexcept {
  switch (c) {
  case WordClass::Yes: return kYes;
  case WordClass::Agree: return kAgree;
  case WordClass::Owner: return kOwner;
  case WordClass::No: return kNo;
  case WordClass::Hesitation: return kHesitation;
  case WordClass::Question: return kQuestion;
  case WordClass::Complaint: return kComplaint;
  case WordClass::Angry: return kAngry;
  case WordClass::Busy: return kBusy;
  case WordClass::NotOwner: return kNotOwner;
  case WordClass::Abuse: return kAbuse;
  case WordClass::Offtopic: return kOfftopic;
  case WordClass::Ack: return kAck;
  case WordClass::Filler: return kFiller;
  default: return kNeutral; // neutral; the structural classes are handled before
  }
}

bool isSpace(char32_t c) noexcept {
  return c <= 0x20 || c == 0xa0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200b) || c == 0xfeff;
}

constexpr char32_t kBoundary = 0;
constexpr char32_t kQuestionMark = U'?';

/// The reply as normalised code points, with clause boundaries, and where each came from.
struct Normalized {
  char32_t cp[kMaxReplyCodePoints];
  std::uint32_t begin[kMaxReplyCodePoints];
  std::uint32_t end[kMaxReplyCodePoints];
  std::size_t size = 0;
  bool tooLong = false;
  bool any = false; ///< anything but punctuation and spaces
};

void normalize(std::string_view reply, Normalized& n) noexcept {
  for (std::size_t i = 0; i < reply.size();) {
    const auto from = static_cast<std::uint32_t>(i);
    char32_t c = utf8::decode(reply, i);
    if (c == utf8::kInvalid) c = 0xfffd;
    c = foldForReading(c);
    if (isSpace(c)) continue;
    if (c != kQuestionMark && utf8::isPunctuationOrSpace(c)) c = kBoundary;
    if (c != kBoundary && c != kQuestionMark) n.any = true;
    if (n.size == kMaxReplyCodePoints) {
      n.tooLong = true;
      return;
    }
    n.cp[n.size] = c;
    n.begin[n.size] = from;
    n.end[n.size] = static_cast<std::uint32_t>(i);
    ++n.size;
  }
}

struct Span {
  std::uint32_t begin = 0, end = 0;
};

/// The kinds present in a clause, or in a run of clauses, with where each was first found.
struct Facts {
  std::uint32_t present = 0;
  Span clause[kKinds];
  Span matched[kKinds];
  ReadingRule why[kKinds];
  std::uint32_t objection = 0;

  bool has(Kind k) const noexcept { return (present >> k) & 1u; }
  void note(Kind k, Span c, Span m, ReadingRule rule) noexcept {
    if (has(k)) return;
    present |= 1u << k;
    clause[k] = c;
    matched[k] = m;
    why[k] = rule;
  }
  void merge(const Facts& other) noexcept {
    for (unsigned k = 0; k < kKinds; ++k) {
      if (other.has(static_cast<Kind>(k)) && !has(static_cast<Kind>(k))) {
        note(static_cast<Kind>(k), other.clause[k], other.matched[k], other.why[k]);
        if (k == kObjection) objection = other.objection;
      }
    }
  }
  void clear() noexcept { present = 0; }
};

Reading reading(const Facts& f, Kind k, ReplyClass kind) noexcept {
  Reading r;
  r.kind = kind;
  r.why = f.why[k];
  r.clauseBegin = f.clause[k].begin;
  r.clauseEnd = f.clause[k].end;
  r.matchedBegin = f.matched[k].begin;
  r.matchedEnd = f.matched[k].end;
  if (k == kObjection) r.objection = f.objection;
  return r;
}

} // namespace

std::string_view toString(WordClass c) noexcept { return kClassNames[static_cast<std::size_t>(c)]; }

bool wordClassOf(std::string_view name, WordClass& out) noexcept {
  for (std::size_t i = 0; i < kWordClassCount; ++i) {
    if (kClassNames[i] == name) {
      out = static_cast<WordClass>(i);
      return true;
    }
  }
  return false;
}

std::string_view toString(ReplyClass kind) noexcept {
  switch (kind) {
  case ReplyClass::Yes: return "yes";
  case ReplyClass::No: return "no";
  case ReplyClass::Hesitation: return "hesitation";
  case ReplyClass::Question: return "question";
  case ReplyClass::Complaint: return "complaint";
  case ReplyClass::Angry: return "angry";
  case ReplyClass::Busy: return "busy";
  case ReplyClass::NotOwner: return "not_owner";
  case ReplyClass::Abuse: return "abuse";
  case ReplyClass::Offtopic: return "offtopic";
  case ReplyClass::Objection: return "objection";
  case ReplyClass::Filler: return "filler";
  case ReplyClass::NotUnderstood: return "not_understood";
  case ReplyClass::Unclear: return "unclear";
  }
  return "unclear";
}

std::string_view toString(ReadingRule rule) noexcept {
  switch (rule) {
  case ReadingRule::ExplicitYes: return "explicit_yes";
  case ReadingRule::VagueYes: return "vague_yes";
  case ReadingRule::Word: return "word";
  case ReadingRule::Negated: return "negated";
  case ReadingRule::QuestionWord: return "question_word";
  case ReadingRule::QuestionMark: return "question_mark";
  case ReadingRule::ANotA: return "a_not_a";
  case ReadingRule::Particle: return "particle";
  case ReadingRule::Contrast: return "contrast";
  case ReadingRule::Acknowledged: return "acknowledged";
  case ReadingRule::FillerOnly: return "filler_only";
  case ReadingRule::NeutralOnly: return "neutral_only";
  case ReadingRule::Unknown: return "unknown";
  case ReadingRule::Empty: return "empty";
  case ReadingRule::TooLong: return "too_long";
  }
  return "unknown";
}

namespace {

constexpr char32_t kHanFirst = 0x3400, kBmpEnd = 0x10000;
using HanBits = std::array<std::uint64_t, (kBmpEnd - kHanFirst) / 64>;

/// Which code points of the BMP from U+3400 kT2s maps: most text is simplified already, and a
/// bit spares each such character the search (every line of a large campaign is folded, R12).
const HanBits& traditionalBits() noexcept {
  static const HanBits bits = [] {
    HanBits b{};
    for (const Pair& p : kT2s) {
      if (p.from >= kHanFirst && p.from < kBmpEnd) b[(p.from - kHanFirst) / 64] |= std::uint64_t{1} << ((p.from - kHanFirst) % 64);
    }
    return b;
  }();
  return bits;
}

} // namespace

char32_t foldForReading(char32_t c) noexcept {
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0; // full-width ASCII
  if (c >= 'A' && c <= 'Z') return c + ('a' - 'A');
  if (c < kHanFirst) return c;
  if (c < kBmpEnd && !((traditionalBits()[(c - kHanFirst) / 64] >> ((c - kHanFirst) % 64)) & 1u)) return c;
  const auto* end = kT2s + std::size(kT2s);
  const auto* it = std::lower_bound(kT2s, end, c, [](const Pair& p, char32_t v) { return p.from < v; });
  return it != end && it->from == c ? it->to : c;
}

std::u32string foldedForMatching(std::string_view text) {
  std::u32string out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = foldForReading(utf8::decode(text, i));
    if (!isSpace(c) && !utf8::isPunctuationOrSpace(c)) out += c;
  }
  return out;
}

ReplyReader::ReplyReader(const Vocabulary& vocabulary, const std::vector<std::vector<std::string>>& objectionKeywords) {
  // A plain trie over folded code points first, then flattened into sorted edge lists.
  struct BuildNode {
    std::map<char32_t, std::uint32_t> next;
    std::int16_t word = -1;
    std::int32_t objection = -1;
  };
  std::vector<BuildNode> trie(1);
  const auto insert = [&](std::string_view text) -> BuildNode* {
    std::uint32_t n = 0;
    bool any = false;
    for (std::size_t i = 0; i < text.size();) {
      const char32_t c = foldForReading(utf8::decode(text, i));
      if (isSpace(c) || utf8::isPunctuationOrSpace(c)) continue; // words are read as replies are
      any = true;
      const auto it = trie[n].next.find(c);
      if (it != trie[n].next.end()) {
        n = it->second;
      } else {
        const auto m = static_cast<std::uint32_t>(trie.size());
        trie[n].next.emplace(c, m);
        trie.emplace_back();
        n = m;
      }
    }
    return any ? &trie[n] : nullptr;
  };
  for (const std::string& w : vocabulary.words[static_cast<std::size_t>(WordClass::Negation)]) {
    std::size_t i = 0;
    const char32_t c = foldForReading(utf8::decode(w, i));
    if (i == w.size() && aNotA_.find(c) == std::u32string::npos) aNotA_.push_back(c);
  }
  for (std::size_t c = 0; c < kWordClassCount; ++c) {
    for (const std::string& w : vocabulary.words[c]) {
      if (BuildNode* node = insert(w)) {
        // A word given in two classes keeps the more cautious one (the lower kind decides first).
        const auto cls = static_cast<WordClass>(c);
        const bool structural = cls == WordClass::Negation || cls == WordClass::Contrast || cls == WordClass::Particle;
        if (node->word < 0 || (!structural && kindOf(cls) < kindOf(static_cast<WordClass>(node->word)))) {
          node->word = static_cast<std::int16_t>(c);
        }
      }
    }
  }
  for (std::size_t o = 0; o < objectionKeywords.size(); ++o) {
    for (const std::string& w : objectionKeywords[o]) {
      if (BuildNode* node = insert(w); node && node->objection < 0) node->objection = static_cast<std::int32_t>(o);
    }
  }
  nodes_.assign(trie.size(), Node{});
  for (std::size_t n = 0; n < trie.size(); ++n) {
    nodes_[n].firstEdge = static_cast<std::uint32_t>(edges_.size());
    nodes_[n].edgeCount = static_cast<std::uint32_t>(trie[n].next.size());
    nodes_[n].word = trie[n].word;
    nodes_[n].objection = trie[n].objection;
    for (const auto& [cp, target] : trie[n].next) edges_.push_back({cp, target});
  }
}

struct ReplyReader::Hit {
  std::size_t length = 0;
  std::int16_t word = -1;
  std::int32_t objection = -1;
};

ReplyReader::Hit ReplyReader::longest(const char32_t* text, std::size_t size, std::size_t at) const noexcept {
  Hit best;
  std::uint32_t n = 0;
  for (std::size_t i = at; i < size; ++i) {
    const Node& node = nodes_[n];
    const Edge* first = edges_.data() + node.firstEdge;
    const Edge* last = first + node.edgeCount;
    const Edge* e = std::lower_bound(first, last, text[i], [](const Edge& x, char32_t c) { return x.cp < c; });
    if (e == last || e->cp != text[i]) break;
    n = e->target;
    if (nodes_[n].word >= 0 || nodes_[n].objection >= 0) best = {i + 1 - at, nodes_[n].word, nodes_[n].objection};
  }
  return best;
}

Reading ReplyReader::read(std::string_view reply, bool objections) const noexcept {
  Normalized text;
  normalize(reply, text);
  Reading r;
  if (text.tooLong) {
    r.kind = ReplyClass::NotUnderstood;
    r.why = ReadingRule::TooLong;
    return r;
  }
  if (!text.any) return r; // Unclear, Empty

  Facts all, decisive, clause;
  bool contrast = false;
  Span contrastSpan;
  std::size_t clauseStart = 0;
  bool negation = false;       // a negation not yet spent on a yes word
  Span negationSpan;
  bool question = false;
  ReadingRule questionRule = ReadingRule::QuestionWord;
  Span questionSpan;
  bool particleLast = false;   // the last word that counts was a closing particle
  Span particleSpan;

  const auto span = [&](std::size_t from, std::size_t to) {
    return Span{text.begin[from], text.end[to - 1]};
  };
  const auto closeClause = [&](std::size_t end) {
    if (end > clauseStart) {
      const Span whole = span(clauseStart, end);
      // An A-not-A question: X, a one-character negation, X (要不要, 是不是, 有没有).
      for (std::size_t i = clauseStart; !question && i + 2 < end; ++i) {
        const auto negation = [&](char32_t c) { return aNotA_.find(c) != std::u32string::npos; };
        const char32_t x = text.cp[i], m = text.cp[i + 1];
        const bool negatedBefore = i > clauseStart && negation(text.cp[i - 1]);
        if (x == text.cp[i + 2] && negation(m) && !negation(x) && !negatedBefore) {
          question = true;
          questionRule = ReadingRule::ANotA;
          questionSpan = span(i, i + 3);
        }
      }
      if (!question && particleLast) {
        question = true;
        questionRule = ReadingRule::Particle;
        questionSpan = particleSpan;
      }
      if (negation) clause.note(kNo, whole, negationSpan, ReadingRule::Negated);
      for (unsigned k = 0; k < kKinds; ++k) clause.clause[k] = whole;
      if (question) {
        // A question asks; whatever yes or no it holds is part of what it asks (要钱吗, 不收费吗).
        clause.present &= ~((1u << kYes) | (1u << kAgree) | (1u << kOwner) | (1u << kNo) | (1u << kHesitation));
        clause.note(kQuestion, whole, questionSpan, questionRule);
      }
      all.merge(clause);
      decisive.merge(clause);
    }
    clause.clear();
    clauseStart = end + 1;
    negation = question = particleLast = false;
  };

  std::size_t i = 0;
  while (i < text.size) {
    const char32_t c = text.cp[i];
    if (c == kBoundary || c == kQuestionMark) {
      if (c == kQuestionMark && i > clauseStart) {
        question = true;
        questionRule = ReadingRule::QuestionMark;
        questionSpan = span(i, i + 1);
      }
      closeClause(i);
      ++i;
      continue;
    }
    const Hit h = longest(text.cp, text.size, i);
    if (h.length == 0) {
      clause.note(kResidue, {}, span(i, i + 1), ReadingRule::Unknown);
      particleLast = false;
      ++i;
      continue;
    }
    const Span m = span(i, i + h.length);
    const std::size_t next = i + h.length;
    const auto cls = static_cast<WordClass>(h.word);
    if (h.objection >= 0 && objections) {
      if (!clause.has(kObjection)) clause.objection = static_cast<std::uint32_t>(h.objection);
      clause.note(kObjection, {}, m, ReadingRule::Word);
      particleLast = false;
    } else if (h.word < 0) {
      clause.note(kNo, {}, m, ReadingRule::Word); // an objection is a refusal where objections do not apply
      particleLast = false;
    } else if (cls == WordClass::Contrast) {
      closeClause(i);
      clauseStart = next;
      contrast = true;
      contrastSpan = m;
      decisive.clear();
    } else if (cls == WordClass::Negation) {
      if (!negation) negationSpan = m;
      negation = true;
      particleLast = false;
    } else if (cls == WordClass::Particle) {
      particleLast = true;
      particleSpan = m;
    } else {
      const Kind k = kindOf(cls);
      if ((k == kYes || k == kAgree || k == kOwner) && negation) {
        clause.note(kNo, {}, {negationSpan.begin, m.end}, ReadingRule::Negated);
        negation = false;
      } else if (k == kQuestion) {
        if (!question) {
          question = true;
          questionRule = ReadingRule::QuestionWord;
          questionSpan = m;
        }
      } else {
        clause.note(k, {}, m, k == kAck ? ReadingRule::Acknowledged : ReadingRule::Word);
      }
      if (k != kFiller && k != kNeutral) particleLast = false;
    }
    i = next;
  }
  closeClause(text.size);

  for (unsigned k = 0; k < kDeciding; ++k) {
    if (decisive.has(static_cast<Kind>(k))) return reading(decisive, static_cast<Kind>(k), kReplyOf[k]);
  }
  if (contrast) {
    // A contrast that leaves nothing decided after it is a reservation, never a yes.
    for (unsigned k = 0; k < kDeciding; ++k) {
      if (all.has(static_cast<Kind>(k))) return reading(all, static_cast<Kind>(k), kReplyOf[k]);
    }
    r.kind = ReplyClass::Hesitation;
    r.why = ReadingRule::Contrast;
    r.clauseBegin = contrastSpan.begin;
    r.clauseEnd = static_cast<std::uint32_t>(reply.size());
    r.matchedBegin = contrastSpan.begin;
    r.matchedEnd = contrastSpan.end;
    return r;
  }
  const Facts& f = decisive;
  if (f.has(kYes) || f.has(kAgree) || f.has(kOwner)) {
    // A yes beside an acknowledgement (是的,你说吧) affirms, but agrees to nothing explicitly.
    const Kind k = f.has(kYes) ? kYes : f.has(kAgree) ? kAgree : kOwner;
    r = reading(f, k, ReplyClass::Yes);
    r.identity = f.has(kYes) || f.has(kOwner);
    r.agrees = f.has(kYes) || f.has(kAgree);
    r.explicitYes = !f.has(kResidue) && !f.has(kAck);
    r.why = r.explicitYes ? ReadingRule::ExplicitYes : f.has(kResidue) ? ReadingRule::VagueYes : ReadingRule::Acknowledged;
    return r;
  }
  if (f.has(kAck)) return reading(f, kAck, ReplyClass::Filler);
  if (f.has(kResidue)) {
    r = reading(f, kResidue, ReplyClass::NotUnderstood);
    r.clauseBegin = 0;
    r.clauseEnd = static_cast<std::uint32_t>(reply.size());
    return r;
  }
  if (f.has(kFiller)) {
    r = reading(f, kFiller, ReplyClass::Filler);
    r.why = ReadingRule::FillerOnly;
    return r;
  }
  r = reading(f, kNeutral, ReplyClass::Filler);
  r.why = ReadingRule::NeutralOnly;
  return r;
}

} // namespace patter
