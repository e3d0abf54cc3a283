// The reply classifier: raw customer text to yes / no / filler / objection / unclear.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace patter {

/// What a customer's reply means to the flow.
enum class ReplyClass : std::uint8_t { Yes, No, Filler, Objection, Unclear };

/// The lower-case name of a class (`yes`, `no`, `filler`, `objection`, `unclear`).
std::string_view toString(ReplyClass kind) noexcept;

/// The result of classifying one reply. `matched` views into the classified text: the winning
/// word or keyword, or for Filler the filler part of the reply (e.g. `嗯` or `嗯,啊`).
struct Classification {
  ReplyClass kind = ReplyClass::Unclear;
  std::uint32_t objection = 0; ///< for Objection: index of the objection in the flow's list
  std::string_view matched;
};

/// Classifies replies by keyword. The built-in yes, no and filler word lists plus the flow's
/// objection keywords are compiled once into an Aho-Corasick automaton over UTF-8 bytes, so
/// classify() is one pass over the reply and never allocates.
///
/// Rules: among all yes/no/objection words found anywhere in the reply, the longest (in code
/// points) wins, so `不用流量` (an objection keyword) beats `不用` (no) and `不是` beats `是`. On a
/// tie the more cautious meaning wins: objection, then no, then yes; never consent by accident.
/// When no such word is found, a reply made only of filler characters (`嗯 啊 哦 噢 呃 额 恩`)
/// and punctuation or spaces is Filler; anything else is Unclear. ASCII letters match
/// case-insensitively (`wifi` matches `WiFi`).
class Classifier {
public:
  /// The built-in word lists only.
  Classifier();
  /// The built-in word lists plus `objectionKeywords[i]`, the keywords of objection i.
  explicit Classifier(const std::vector<std::vector<std::string>>& objectionKeywords);

  Classification classify(std::string_view reply) const noexcept;

  /// The built-in word lists, for documentation and tests.
  static const std::vector<std::string_view>& yesWords();
  static const std::vector<std::string_view>& noWords();
  static const std::vector<std::string_view>& fillerWords();

private:
  struct Node {
    std::uint32_t firstEdge = 0;
    std::uint32_t edgeCount = 0;
    std::uint32_t fail = 0;
    std::uint32_t best = kNoPattern; ///< best pattern ending here, including via fail links
  };
  struct Edge {
    std::uint8_t byte;
    std::uint32_t target;
  };
  struct Pattern {
    ReplyClass kind;
    std::uint32_t objection;
    std::uint32_t codePoints;
    std::uint32_t bytes;
  };
  static constexpr std::uint32_t kNoPattern = 0xffffffffu;

  bool better(std::uint32_t candidate, std::uint32_t incumbent) const noexcept;
  std::uint32_t child(std::uint32_t node, std::uint8_t byte) const noexcept;

  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  std::vector<Pattern> patterns_;
};

} // namespace patter
