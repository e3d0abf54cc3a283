// Reading `replies` blocks: reply words by class, runtime lines, and the classes' own examples,
// read by the runtime's reader exactly as a live call would read them.
#include "Replies.h"

#include <llvm/ADT/StringExtras.h>

#include <algorithm>
#include <map>
#include <string>

namespace patter {

namespace {

using Value = ast::PolicyValue;

constexpr llvm::StringRef kLineNames[kRuntimeLineCount] = {
#define RUNTIME_LINE(Id, name, placeholders) name,
#include "patter/runtime_lines.def"
};
constexpr llvm::StringRef kLinePlaceholders[kRuntimeLineCount] = {
#define RUNTIME_LINE(Id, name, placeholders) placeholders,
#include "patter/runtime_lines.def"
};

std::string classNames() {
  std::string names;
  for (size_t c = 0; c < kWordClassCount; ++c)
    names += (c ? ", " : "") + std::string(toString(static_cast<WordClass>(c)));
  return names;
}

std::string lineNames() {
  std::string names;
  for (size_t i = 0; i < kRuntimeLineCount; ++i)
    names += (i ? ", " : "") + kLineNames[i].str();
  return names;
}

/// Whether a reading is what an example of class `c` must read as. The structural classes are
/// tested by the rule they drive: a negation example reads as negated, a contrast example is
/// left open by its contrast word, a particle example is a question by its particle.
bool readsAs(const Reading &r, WordClass c) {
  switch (c) {
  case WordClass::Yes: return r.kind == ReplyClass::Yes && r.explicitYes && r.identity && r.agrees;
  case WordClass::Agree: return r.kind == ReplyClass::Yes && r.explicitYes && r.agrees;
  case WordClass::Owner: return r.kind == ReplyClass::Yes && r.explicitYes && r.identity && !r.agrees;
  case WordClass::No: return r.kind == ReplyClass::No;
  case WordClass::Hesitation: return r.kind == ReplyClass::Hesitation;
  case WordClass::Question: return r.kind == ReplyClass::Question;
  case WordClass::Complaint: return r.kind == ReplyClass::Complaint;
  case WordClass::Angry: return r.kind == ReplyClass::Angry;
  case WordClass::Busy: return r.kind == ReplyClass::Busy;
  case WordClass::NotOwner: return r.kind == ReplyClass::NotOwner;
  case WordClass::Abuse: return r.kind == ReplyClass::Abuse;
  case WordClass::Offtopic: return r.kind == ReplyClass::Offtopic;
  case WordClass::Ack: return r.why == ReadingRule::Acknowledged;
  case WordClass::Filler: return r.kind == ReplyClass::Filler && r.why == ReadingRule::FillerOnly;
  case WordClass::Neutral: return r.kind == ReplyClass::Filler && r.why == ReadingRule::NeutralOnly;
  case WordClass::Negation: return r.why == ReadingRule::Negated;
  case WordClass::Contrast: return r.why == ReadingRule::Contrast || r.kind == ReplyClass::Hesitation;
  case WordClass::Particle: return r.why == ReadingRule::Particle;
  }
  return false;
}

std::string describe(const Reading &r) {
  std::string d(toString(r.kind));
  if (r.kind == ReplyClass::Yes)
    d += !r.explicitYes ? " (not explicit)"
         : !r.agrees    ? " (explicit, naming the owner only)"
         : r.identity   ? " (explicit, affirming)"
                        : " (explicit, agreeing)";
  return d + ", by rule " + std::string(toString(r.why));
}

/// The reading of one `reply` or `line` entry.
class EntryReader {
public:
  EntryReader(Replies &out, DiagnosticEngine *diags) : out_(out), diags_(diags) {}

  void entry(const ast::LexiconEntry &e, std::map<std::string, const ast::LexiconEntry *> &linesHere) {
    if (e.kind.text == "reply")
      reply(e);
    else if (e.kind.text == "line")
      line(e, linesHere);
    else if (diags_)
      diags_->report(DiagId::UnknownRepliesEntry, e.kind.range, e.kind.text);
  }

  /// Which class and entry first gave each normalised word, for words in two classes.
  std::map<std::u32string, std::pair<WordClass, const Value *>> firstClass;

private:
  void reply(const ast::LexiconEntry &e) {
    WordClass cls;
    if (!wordClassOf(e.phrase.value, cls)) {
      if (diags_)
        diags_->report(DiagId::UnknownReplyClass, e.phrase.range, e.phrase.value, classNames());
      return;
    }
    Replies::Examples ex{cls, {}, {}};
    for (const ast::PolicySetting &field : e.fields) {
      const std::string &key = field.key.text;
      if (key != "words" && key != "match" && key != "nomatch") {
        if (diags_)
          diags_->report(DiagId::UnknownReplyField, field.key.range, key, "reply", e.phrase.value,
                         "words, match, nomatch");
        continue;
      }
      for (const Value &v : field.values) {
        if (!nonEmptyString(v, key, e))
          continue;
        if (key == "words")
          word(cls, v);
        else
          (key == "match" ? ex.matches : ex.nomatches).push_back(&v);
      }
    }
    out_.examples.push_back(std::move(ex));
  }

  void word(WordClass cls, const Value &v) {
    std::u32string folded;
    for (size_t i = 0; i < v.text.size();) {
      char32_t c = decodeOne(v.text, i);
      c = foldForReading(c);
      if (c > U' ' && c != U'\u3000')
        folded += c;
    }
    auto [it, inserted] = firstClass.emplace(folded, std::make_pair(cls, &v));
    if (!inserted && it->second.first != cls) {
      if (diags_)
        diags_->report(DiagId::ReplyWordInTwoClasses, v.range, v.text, toString(cls),
                       toString(it->second.first))
            .notes.push_back({it->second.second->range, "first given here"});
      return;
    }
    out_.vocabulary.words[static_cast<size_t>(cls)].push_back(v.text);
  }

  void line(const ast::LexiconEntry &e, std::map<std::string, const ast::LexiconEntry *> &linesHere) {
    const Value *id = nullptr;
    for (const ast::PolicySetting &field : e.fields) {
      if (field.key.text != "id") {
        if (diags_)
          diags_->report(DiagId::UnknownReplyField, field.key.range, field.key.text, "line",
                         e.phrase.value, "id");
        continue;
      }
      if (field.values.size() != 1 || field.values[0].kind != Value::Kind::Word) {
        if (diags_)
          diags_->report(DiagId::BadReplyValue, field.range, "id", "line", e.phrase.value,
                         "one runtime line name");
        continue;
      }
      id = &field.values[0];
    }
    if (!id) {
      if (diags_)
        diags_->report(DiagId::BadReplyValue, e.phrase.range, "id", "line", e.phrase.value,
                       "one runtime line name");
      return;
    }
    const auto *name = std::find(std::begin(kLineNames), std::end(kLineNames), llvm::StringRef(id->text));
    if (name == std::end(kLineNames)) {
      if (diags_)
        diags_->report(DiagId::UnknownRuntimeLine, id->range, id->text, lineNames());
      return;
    }
    const auto index = static_cast<size_t>(name - std::begin(kLineNames));
    if (!placeholdersAllowed(e.phrase, index))
      return;
    if (auto [it, inserted] = linesHere.emplace(id->text, &e); !inserted) {
      if (diags_)
        diags_->report(DiagId::DuplicateRuntimeLine, id->range, id->text)
            .notes.push_back({it->second->range, "first given here"});
      return;
    }
    if (e.phrase.value.empty()) {
      if (diags_)
        diags_->report(DiagId::BadReplyValue, e.phrase.range, "text", "line", id->text, "a line to speak");
      return;
    }
    if (!out_.lines[index]) // the first block in load order wins: the most specific one
      out_.lines[index] = &e.phrase;
  }

  bool placeholdersAllowed(const ast::Text &text, size_t line) {
    const std::string &t = text.value;
    for (size_t open = t.find('{'); open != std::string::npos; open = t.find('{', open + 1)) {
      const size_t close = t.find('}', open);
      const std::string name = t.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
      llvm::SmallVector<llvm::StringRef, 2> allowed;
      llvm::StringRef(kLinePlaceholders[line]).split(allowed, ',', -1, false);
      if (close == std::string::npos || std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        if (diags_)
          diags_->report(DiagId::BadLinePlaceholder, text.range, kLineNames[line].str(), name,
                         allowed.empty() ? std::string("none") : "{" + llvm::join(allowed, "}, {") + "}");
        return false;
      }
    }
    return true;
  }

  bool nonEmptyString(const Value &v, const std::string &key, const ast::LexiconEntry &e) {
    if (v.kind == Value::Kind::String && !v.text.empty())
      return true;
    if (diags_)
      diags_->report(DiagId::BadReplyValue, v.range, key, "reply", e.phrase.value, "non-empty strings");
    return false;
  }

  /// One code point of well-formed UTF-8 (the scanner has already refused anything else).
  static char32_t decodeOne(const std::string &s, size_t &i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1f) : n == 3 ? (b & 0x0f) : (b & 0x07);
    for (size_t k = 1; k < n && i + k < s.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    i += n;
    return c;
  }

  Replies &out_;
  DiagnosticEngine *diags_;
};

} // namespace

llvm::StringRef runtimeLineName(RuntimeLine line) { return kLineNames[static_cast<size_t>(line)]; }

void checkRepliesComplete(const Replies &replies, const ast::Campaign &campaign, DiagnosticEngine &diags) {
  if (!replies.any)
    return; // a flow without vocabularies understands no reply: never a sale (docs/RUNTIME.md)
  for (size_t i = 0; i < kRuntimeLineCount; ++i)
    if (!replies.lines[i])
      diags.report(DiagId::MissingRuntimeLine, campaign.name.range, kLineNames[i].str());
}

Replies readReplies(const std::vector<std::unique_ptr<ast::Module>> &modules, DiagnosticEngine *diags) {
  Replies out;
  EntryReader reader(out, diags);
  for (const auto &module : modules) {
    for (const ast::Policy &block : module->replies) {
      out.any = true;
      if (diags) {
        for (const ast::PolicyLimit &l : block.limits)
          diags->report(DiagId::UnknownRepliesEntry, l.range, "limit");
        for (const ast::Name &r : block.required)
          diags->report(DiagId::UnknownRepliesEntry, r.range, "require");
        for (const ast::PolicySetting &s : block.settings)
          diags->report(DiagId::UnknownRepliesEntry, s.key.range, s.key.text);
      }
      std::map<std::string, const ast::LexiconEntry *> linesHere;
      for (const ast::LexiconEntry &e : block.entries)
        reader.entry(e, linesHere);
    }
  }
  return out;
}

void testReplyExamples(const Replies &replies, DiagnosticEngine &diags) {
  // Each class's examples, read with the whole merged vocabulary, as a live call reads them.
  const ReplyReader read(replies.vocabulary, {});
  for (const Replies::Examples &ex : replies.examples) {
    for (const Value *v : ex.matches)
      if (Reading r = read.read(v->text); !readsAs(r, ex.cls))
        diags.report(DiagId::ReplyMatchFails, v->range, v->text, toString(ex.cls), describe(r));
    for (const Value *v : ex.nomatches)
      if (Reading r = read.read(v->text); readsAs(r, ex.cls))
        diags.report(DiagId::ReplyNomatchFails, v->range, v->text, toString(ex.cls), describe(r));
  }
}

} // namespace patter
