// The reply reader: normalisation, clauses, negation, questions and the deciding clause, over
// the standard vocabularies (stdlib/std/replies.patter) as a built flow carries them.
#include <catch2/catch.hpp>

#include "flows.h"
#include "patter/reply_reader.h"

namespace patter::test {
namespace {

const ReplyReader& standard() {
  static const Flow flow = mustLoad(kDataPack);
  return flow.reader();
}

Reading read(std::string_view reply, bool objections = true) { return standard().read(reply, objections); }

bool explicitYes(std::string_view reply) {
  const Reading r = read(reply, false);
  return r.kind == ReplyClass::Yes && r.explicitYes;
}

} // namespace

TEST_CASE("only a reply made of yes words is an explicit yes", "[reader][runtime]") {
  for (const char* yes : {"好的", "好 的", "嗯嗯好", "好的好的办吧", "可以办理", "办吧", "是的", "ＯＫ", "對的", "好的谢谢"}) {
    INFO(yes);
    CHECK(explicitYes(yes));
  }
  for (const char* notYes : {"要钱吗", "是收费的吗", "可以取消吗", "我要投诉你们", "好烦啊", "你是骗子吧", "好吧好吧你说",
                             "行吧我再想想", "是啊怎么了", "对啊你谁啊", "可以是可以但是", "不是不要", "没问题吗",
                             "好的谢谢不用了", "好的我知道了,不过我不需要", "好的我在吃饭", "嗯", "", "不好", "不太好"}) {
    INFO(notYes);
    CHECK_FALSE(explicitYes(notYes));
  }
}

TEST_CASE("the deciding clause and the rule that decided are reported", "[reader][runtime]") {
  const std::string reply = "好的我知道了,不过我不需要";
  const Reading r = read(reply, false);
  CHECK(r.kind == ReplyClass::No);
  CHECK(r.clause(reply) == "我不需要");
  CHECK(r.matched(reply) == "不需要");

  CHECK(read("不好").kind == ReplyClass::No);
  CHECK(read("不太好").why == ReadingRule::Negated);
  CHECK(read("要不要钱").why == ReadingRule::ANotA);
  CHECK(read("有什么事?").kind == ReplyClass::Question);
  CHECK(read("好么").why == ReadingRule::Particle);
  CHECK(read("可以是可以但是").why == ReadingRule::Contrast);
  CHECK(read("嗯").why == ReadingRule::FillerOnly);
  CHECK(read("我在吃饭").kind == ReplyClass::NotUnderstood);
  CHECK(read(" ,。").kind == ReplyClass::Unclear);
}

TEST_CASE("an owner yes affirms; agreeing is not saying whose phone it is", "[reader][runtime]") {
  CHECK(read("是的").identity);
  CHECK(read("我就是机主").identity);
  CHECK_FALSE(read("好的").identity);
  CHECK(read("是我老公的号").kind == ReplyClass::NotOwner);
  CHECK(read("这是我妈的手机").kind == ReplyClass::NotOwner);
  CHECK(read("是谁啊").kind == ReplyClass::Question);
}

TEST_CASE("objection keywords apply only where objections do", "[reader][runtime]") {
  CHECK(read("我家里有WiFi").kind == ReplyClass::Objection);
  CHECK(read("我家里有wifi").kind == ReplyClass::Objection); // case-insensitive
  CHECK(read("我家里有WiFi", false).kind == ReplyClass::No);
  CHECK(read("不用流量").kind == ReplyClass::Objection); // the longest word wins over 不用
}

TEST_CASE("replies over the length limit are not read", "[reader][runtime]") {
  std::string long_;
  for (std::size_t i = 0; i <= kMaxReplyCodePoints; ++i) long_ += "好";
  CHECK(read(long_).why == ReadingRule::TooLong);
}

} // namespace patter::test
