// Unit tests of the reply classifier: word lists, longest match, filler, case folding.
#include <catch2/catch.hpp>

#include "patter/classifier.h"

using patter::Classifier;
using patter::ReplyClass;

namespace {

std::string kindOf(const Classifier& c, std::string_view reply) {
  const auto r = c.classify(reply);
  std::string s(patter::toString(r.kind));
  if (r.kind == ReplyClass::Objection) s += ":" + std::to_string(r.objection);
  return s;
}

const Classifier& flowClassifier() {
  static const Classifier c({{"WiFi", "无线网"}, {"不用流量"}, {"太贵"}});
  return c;
}

} // namespace

TEST_CASE("built-in yes words are yes", "[runtime][classifier]") {
  const Classifier c;
  for (const auto w : Classifier::yesWords()) {
    INFO(w);
    CHECK(kindOf(c, w) == "yes");
  }
  CHECK(kindOf(c, "好的,给我办吧") == "yes");
  CHECK(c.classify("嗯,可以。").matched == "可以");
}

TEST_CASE("built-in no words are no, and a negation beats the word it negates", "[runtime][classifier]") {
  const Classifier c;
  for (const auto w : Classifier::noWords()) {
    INFO(w);
    CHECK(kindOf(c, w) == "no");
  }
  CHECK(kindOf(c, "不是") == "no");
  CHECK(c.classify("我不是机主").matched == "不是");
  CHECK(kindOf(c, "不同意") == "no");
  CHECK(kindOf(c, "我不想要") == "no");
  CHECK(kindOf(c, "不好") == "no");
}

TEST_CASE("on equal length the cautious meaning wins", "[runtime][classifier]") {
  const Classifier c;
  CHECK(kindOf(c, "可以,不行") == "no"); // 可以 and 不行 are both two characters
  CHECK(kindOf(c, "不行,可以") == "no");
}

TEST_CASE("objection keywords beat shorter yes/no words", "[runtime][classifier]") {
  const Classifier& c = flowClassifier();
  CHECK(kindOf(c, "不用流量") == "objection:1");
  CHECK(c.classify("我平时不用流量的").matched == "不用流量");
  CHECK(kindOf(c, "不用") == "no");
  CHECK(kindOf(c, "太贵了,不要") == "objection:2"); // 太贵 ties 不要 in length: objection wins
  CHECK(kindOf(c, "家里有无线网,不需要") == "objection:0");
  CHECK(kindOf(c, "好的") == "yes");
}

TEST_CASE("ASCII letters match case-insensitively", "[runtime][classifier]") {
  const Classifier& c = flowClassifier();
  CHECK(kindOf(c, "wifi") == "objection:0");
  CHECK(kindOf(c, "家里有WIFI") == "objection:0");
  const auto r = c.classify("用wIfI就够");
  CHECK(r.matched == "wIfI");
}

TEST_CASE("a reply of only filler and punctuation is filler", "[runtime][classifier]") {
  const Classifier c;
  for (const auto w : Classifier::fillerWords()) {
    INFO(w);
    CHECK(kindOf(c, w) == "filler");
  }
  CHECK(kindOf(c, "嗯,嗯。") == "filler");
  CHECK(kindOf(c, " 啊…… ") == "filler");
  CHECK(kindOf(c, "嗯?") == "filler");
  CHECK(c.classify(" 嗯嗯! ").matched == "嗯嗯");
  CHECK(c.classify("嗯,啊").matched == "嗯,啊");
}

TEST_CASE("filler with a real word is that word, filler with other words is unclear", "[runtime][classifier]") {
  const Classifier c;
  CHECK(kindOf(c, "嗯,好的") == "yes");
  CHECK(kindOf(c, "嗯,不用") == "no");
  CHECK(kindOf(c, "嗯你说") == "unclear");
}

TEST_CASE("anything else is unclear, including empty and malformed text", "[runtime][classifier]") {
  const Classifier c;
  CHECK(kindOf(c, "") == "unclear");
  CHECK(kindOf(c, "  ,。") == "unclear");
  CHECK(kindOf(c, "有什么事?") == "unclear");
  CHECK(kindOf(c, "\xff\xfe\x80") == "unclear");
  CHECK(kindOf(c, "\xe5\x97") == "unclear"); // 嗯 cut in half
  CHECK(kindOf(c, std::string_view("\0\0", 2)) == "unclear");
}

TEST_CASE("classifying a long reply stays linear and finds the longest word", "[runtime][classifier]") {
  const Classifier& c = flowClassifier();
  std::string reply;
  for (int i = 0; i < 10000; ++i) reply += "嗯那个";
  reply += "不用流量";
  CHECK(kindOf(c, reply) == "objection:1");
}
