// The wording check: normalisation, the phrase matcher, lexicon loading and self-tests,
// banned wording and jargon in campaigns, amounts against the offer, and precision on the
// seeds' approved phrasing.
#include "Lexicon.h"
#include "ModuleLoader.h"
#include "Normalize.h"
#include "TestSupport.h"
#include "WordingMatcher.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

using namespace patter;
using patter::test::compileSource;

namespace {

std::u32string fold(std::string_view s) { return Normalizer::standard().fold(s); }
std::string folded(std::string_view s) { return toUtf8(fold(s)); }

size_t count(const std::vector<std::string> &codes, std::string_view code) {
  return static_cast<size_t>(std::count(codes.begin(), codes.end(), code));
}

/// A campaign under policy `lexicon` (entries only) whose `pitch` step says `say`.
std::string campaignSaying(const std::string &say, const std::string &lexicon,
                           const std::string &offer = "price 10 yuan per month") {
  return "policy p { channels outbound  products test_product\n" + lexicon + "\n}\n"
         "campaign c {\n"
         "  title \"t\"\n  channel outbound\n  policy p\n"
         "  offer { kind test_product  " + offer + " }\n"
         "  start pitch\n"
         "  step pitch {\n"
         "    say \"" + say + "\"\n"
         "    end declined\n"
         "  }\n"
         "}\n";
}

const char *kFreeEntry = R"(banned "完全免费" {
  rule R09
  suggest "这次活动优惠力度非常大,很多老用户都已经参与了"
  match "完全免費", "完 全 免 费"
  nomatch "免费赠送"
})";

/// Diagnostics of a campaign importing the real stdlib policy `policy` whose pitch says `say`.
test::Compiled underStdlib(const std::string &policy, const std::string &say) {
  std::string src = "import \"std/policy/" + policy + "\"\n"
                    "campaign c {\n  title \"t\"\n  channel outbound\n  policy " + policy +
                    "\n  offer { kind mobile_data  price 16 yuan per month }\n  start pitch\n"
                    "  step pitch {\n    say \"" + say + "\"\n    end declined\n  }\n}\n";
  return compileSource("precision.patter", src, false);
}

/// "t.patter:LINE:COLUMN:" for the line of `src` that holds `needle`.
std::string at(const std::string &src, const std::string &needle, int column) {
  size_t pos = src.find(needle);
  long line = 1 + std::count(src.begin(), src.begin() + static_cast<long>(pos), '\n');
  return "t.patter:" + std::to_string(line) + ":" + std::to_string(column) + ":";
}

bool wordingCode(const std::string &code) { return code.size() == 5 && code.substr(1, 2) == "06"; }

} // namespace

// ---- normalisation ---------------------------------------------------------------------------

TEST_CASE("traditional characters fold to simplified", "[wording][normalize]") {
  CHECK(folded("完全免費") == "完全免费");
  CHECK(folded("這又不是我的錯") == "这又不是我的错");
  CHECK(folded("嘴巴乾淨一點") == "嘴巴干净一点");
}

TEST_CASE("full-width and compatibility forms fold by NFKC and case", "[wording][normalize]") {
  CHECK(folded("ＧＰＲＳ") == "gprs");
  CHECK(folded("５８元") == "58元");
  CHECK(folded("KB") == "kb");
  CHECK(folded("①") == "1");
}

TEST_CASE("spaces and punctuation are dropped, ASCII and full-width alike", "[wording][normalize]") {
  CHECK(folded("完 全 免 费") == "完全免费");
  CHECK(folded("喂，什么？你说什么？") == "喂什么你说什么");
  CHECK(folded("喂,什么?你说什么?") == "喂什么你说什么");
  CHECK(folded("好的、那不打扰了。再见！") == "好的那不打扰了再见");
  CHECK(folded("完\u3000全\t免\n费\u200b") == "完全免费");
  CHECK(folded("「完全」《免费》…") == "完全免费");
}

TEST_CASE("precomposed and decomposed accents normalise alike", "[wording][normalize]") {
  CHECK(fold("caf\u00e9") == fold("cafe\u0301"));
}

TEST_CASE("each normalised code point maps back to its source code point", "[wording][normalize]") {
  NormalizedText t = Normalizer::standard().normalize("说 完全，免費！");
  REQUIRE(toUtf8(t.text) == "说完全免费");
  CHECK(t.origin == std::vector<uint32_t>{0, 2, 3, 5, 6});
}

TEST_CASE("a code point that expands keeps its origin for every part", "[wording][normalize]") {
  NormalizedText t = Normalizer::standard().normalize("a\ufb01b"); // the ﬁ ligature
  REQUIRE(toUtf8(t.text) == "afib");
  CHECK(t.origin == std::vector<uint32_t>{0, 1, 1, 2});
}

TEST_CASE("OpenCC's dictionary is found", "[wording][normalize]") {
  CHECK(Normalizer::standard().hasChineseConversion());
}

// ---- matcher ---------------------------------------------------------------------------------

TEST_CASE("the matcher finds every phrase, overlapping ones included", "[wording][matcher]") {
  PhraseMatcher m;
  uint32_t he = m.add(U"he"), she = m.add(U"she"), hers = m.add(U"hers"), his = m.add(U"his");
  m.build();
  auto hits = m.findAll(U"ushers");
  REQUIRE(hits.size() == 3);
  CHECK((hits[0].phrase == he && hits[0].begin == 2 && hits[0].end == 4));
  CHECK((hits[1].phrase == she && hits[1].begin == 1 && hits[1].end == 4));
  CHECK((hits[2].phrase == hers && hits[2].begin == 2 && hits[2].end == 6));
  CHECK(m.findAll(U"hi s").empty());
  (void)his;
}

TEST_CASE("a shorter shared word is not the phrase", "[wording][matcher]") {
  PhraseMatcher m;
  m.add(fold("完全免费"));
  m.build();
  CHECK(m.findAll(fold("免费赠送")).empty());
  CHECK(m.findAll(fold("完全免费")).size() == 1);
  CHECK(m.findAll(fold("不是完全的免费")).empty());
}

TEST_CASE("phrases sharing prefixes and suffixes are all found", "[wording][matcher]") {
  PhraseMatcher m;
  uint32_t a = m.add(U"不收费"), b = m.add(U"完全不收费"), c = m.add(U"收费");
  m.build();
  auto hits = m.findAll(U"这是完全不收费的");
  REQUIRE(hits.size() == 3);
  CHECK(hits[0].phrase == c);
  CHECK(hits[1].phrase == a);
  CHECK(hits[2].phrase == b);
  CHECK((hits[2].begin == 2 && hits[2].end == 7));
}

// ---- lexicon loading -------------------------------------------------------------------------

TEST_CASE("a lexicon entry's own examples pass", "[wording][lexicon]") {
  auto c = compileSource("t.patter", campaignSaying("您好", kFreeEntry), false);
  INFO(c.diagnostics);
  CHECK(c.codes.empty());
}

TEST_CASE("a match example that does not match fails at the example", "[wording][lexicon]") {
  auto c = compileSource("t.patter", campaignSaying("您好", R"(banned "完全免费" {
  rule R09
  match "完全收费"
})"), false);
  INFO(c.diagnostics);
  REQUIRE(c.codes == std::vector<std::string>{"E0614"});
  CHECK(c.diagnostics.find("t.patter:4:9:") != std::string::npos);
}

TEST_CASE("a nomatch example that matches fails at the example", "[wording][lexicon]") {
  auto c = compileSource("t.patter", campaignSaying("您好", R"(banned "免费" {
  rule R09
  nomatch "免费赠送"
})"), false);
  INFO(c.diagnostics);
  CHECK(c.codes == std::vector<std::string>{"E0615"});
}

TEST_CASE("malformed entries are reported", "[wording][lexicon]") {
  auto c = compileSource("t.patter", campaignSaying("您好", R"(banned "完全免费" { category misleading }
  banned "不收费" { rule R05 }
  banned "够用" { rule R09  severity fatal }
  jargon "GPRS" { rule R19 }
  slang "牛" { rule R10 }
  banned "一点" { rule R10  colour red }
  banned "，。" { rule R10 }
  banned "不收費" { rule R09 })"), false);
  INFO(c.diagnostics);
  CHECK(count(c.codes, "E0612") == 2); // missing rule, missing explain
  CHECK(count(c.codes, "E0613") == 2); // rule R05, severity fatal
  CHECK(count(c.codes, "E0610") == 1);
  CHECK(count(c.codes, "E0611") == 1);
  CHECK(count(c.codes, "E0616") == 1);
  CHECK(count(c.codes, "E0617") == 1); // 不收費 is 不收费
}

TEST_CASE("the stdlib policies load clean", "[wording][lexicon][stdlib]") {
  for (const char *policy : {"mobile_outbound", "cable_tv", "followup"}) {
    DYNAMIC_SECTION(policy) {
      auto c = underStdlib(policy, "您好");
      INFO(c.diagnostics);
      CHECK(std::none_of(c.codes.begin(), c.codes.end(), wordingCode));
    }
  }
}

// ---- banned wording in campaigns -------------------------------------------------------------

TEST_CASE("banned wording is reported at its exact columns with a fix-it", "[wording][check]") {
  std::string src = campaignSaying("这个活动完全免費哦", kFreeEntry);
  auto c = compileSource("t.patter", src, false);
  INFO(c.diagnostics);
  REQUIRE(c.codes == std::vector<std::string>{"E0601"});
  // The literal opens at column 9, so 完 is column 14.
  CHECK(c.diagnostics.find(at(src, "say", 14) + " error[E0601]: misleading wording \"完全免費\" "
                           "(lexicon entry \"完全免费\") (category: misleading) [R09]") !=
        std::string::npos);
  CHECK(c.diagnostics.find("help: replace with '这次活动优惠力度非常大,很多老用户都已经参与了'") !=
        std::string::npos);
}

TEST_CASE("spaced-out banned wording covers the spaces", "[wording][check]") {
  auto c = compileSource("t.patter", campaignSaying("完 全 免 费", kFreeEntry), false);
  INFO(c.diagnostics);
  REQUIRE(c.codes == std::vector<std::string>{"E0601"});
  CHECK(c.diagnostics.find("\"完 全 免 费\"") != std::string::npos);
  CHECK(c.diagnostics.find("^~~~~~~~~~~") != std::string::npos);
}

TEST_CASE("approved phrasing sharing a shorter word is not flagged", "[wording][check]") {
  auto c = compileSource("t.patter", campaignSaying("现在还免费赠送节目回看功能", kFreeEntry),
                         false);
  INFO(c.diagnostics);
  CHECK(c.codes.empty());
}

TEST_CASE("columns stay exact after escapes and templates", "[wording][check]") {
  std::string src = campaignSaying("{offer.price}\\\"完全免费\\\"", kFreeEntry);
  auto c = compileSource("t.patter", src, false);
  INFO(c.diagnostics);
  REQUIRE(c.codes == std::vector<std::string>{"E0601"});
  // `{offer.price}\"` takes columns 10-24 after the opening quote at column 9.
  CHECK(c.diagnostics.find(at(src, "say", 25)) != std::string::npos);
}

TEST_CASE("a template variable breaks a phrase", "[wording][check]") {
  auto c = compileSource("t.patter", campaignSaying("完全{offer.price}免费", kFreeEntry), false);
  INFO(c.diagnostics);
  CHECK(c.codes.empty());
}

TEST_CASE("a warning-severity entry raises a W code", "[wording][check]") {
  auto c = compileSource("t.patter", campaignSaying("我办不了", R"(banned "我办不了" {
  rule R10  severity warning  suggest "这个超出了我的权限范围"
})"), false);
  CHECK(c.codes == std::vector<std::string>{"W0606"});
}

TEST_CASE("each rule has its own code", "[wording][check]") {
  std::string lexicon = R"(banned "完全免费" { rule R09 }
  banned "那你以为呢" { rule R10 }
  banned "好的,那不打扰了,再见" { rule R11 })";
  auto c = compileSource(
      "t.patter", campaignSaying("完全免费,那你以为呢?好的,那不打扰了,再见!", lexicon), false);
  INFO(c.diagnostics);
  CHECK(c.codes == std::vector<std::string>{"E0601", "E0602", "E0603"});
}

TEST_CASE("the longest banned phrase wins over one inside it", "[wording][check]") {
  auto c = compileSource("t.patter", campaignSaying("这是完全不收费的", R"(banned "完全不收费" { rule R09 }
  banned "不收费" { rule R09 })"), false);
  INFO(c.diagnostics);
  CHECK(c.codes == std::vector<std::string>{"E0601"});
  CHECK(c.diagnostics.find("\"完全不收费\"") != std::string::npos);
}

TEST_CASE("a waiver silences banned wording in its statement", "[wording][check]") {
  std::string src = campaignSaying("完全免费", kFreeEntry);
  src.replace(src.find("\"完全免费\"\n"), std::string("\"完全免费\"\n").size(),
              "\"完全免费\" allow R09 \"赠品确实不收任何费用,法务已审\"\n");
  auto c = compileSource("t.patter", src, false);
  INFO(c.diagnostics);
  CHECK(c.codes.empty());
}

// ---- jargon ----------------------------------------------------------------------------------

const char *kGprs = R"(jargon "GPRS" { explain "手机上网用的流量", "上网流量" })";

TEST_CASE("jargon without an explanation in its step warns", "[wording][jargon]") {
  auto c = compileSource("t.patter", campaignSaying("您开通了ＧＰＲＳ吗", kGprs), false);
  INFO(c.diagnostics);
  REQUIRE(c.codes == std::vector<std::string>{"W0604"});
  CHECK(c.diagnostics.find("replace with 'ＧＰＲＳ(手机上网用的流量)'") != std::string::npos);
}

TEST_CASE("jargon explained in the same step is fine", "[wording][jargon]") {
  auto c = compileSource("t.patter", campaignSaying("GPRS就是手机上网用的流量", kGprs), false);
  CHECK(c.codes.empty());
}

TEST_CASE("Latin jargon matches whole words only", "[wording][jargon]") {
  std::string src = campaignSaying("KBS电视台 和 5KB", R"(jargon "KB" { explain "千字节" })");
  auto c = compileSource("t.patter", src, false);
  INFO(c.diagnostics);
  CHECK(c.codes == std::vector<std::string>{"W0604"});
  CHECK(c.diagnostics.find(at(src, "say", 20)) != std::string::npos); // 5KB's, not KBS's
}

// ---- amounts ---------------------------------------------------------------------------------

TEST_CASE("an amount the offer does not have is an error", "[wording][amount]") {
  auto c = compileSource("t.patter", campaignSaying("帮你转58元套餐", ""), false);
  INFO(c.diagnostics);
  REQUIRE(c.codes == std::vector<std::string>{"E0608"});
  CHECK(c.diagnostics.find("the text quotes '58元' but the offer's price is 10元/月") !=
        std::string::npos);
  CHECK(c.diagnostics.find("note: the offer's price") != std::string::npos);
}

TEST_CASE("amounts in other spellings are read", "[wording][amount]") {
  for (const char *say : {"只要58块", "只要５８元", "只要五十八元", "只要9.9元"}) {
    DYNAMIC_SECTION(say) {
      auto c = compileSource("t.patter", campaignSaying(say, ""), false);
      CHECK(c.codes == std::vector<std::string>{"E0608"});
    }
  }
}

TEST_CASE("the price itself and comparisons are not flagged", "[wording][amount]") {
  for (const char *say : {"每月只需10元", "每月只需10.0元", "每月只需十元",
                          "平时单独订购都是50元一个月的,现在只需要10元",
                          "包年算下来也只要120元,相当于买一送一", "我们一块去看看"}) {
    DYNAMIC_SECTION(say) {
      auto c = compileSource("t.patter", campaignSaying(say, ""), false);
      INFO(c.diagnostics);
      CHECK(c.codes.empty());
    }
  }
}

TEST_CASE("no price, no amount check", "[wording][amount]") {
  auto c = compileSource("t.patter", campaignSaying("帮你转58元套餐", "", "product \"x\""), false);
  CHECK(count(c.codes, "E0608") == 0);
}

// ---- precision on the seeds' approved phrasing -----------------------------------------------

TEST_CASE("the seeds' approved phrasing raises no wording diagnostic", "[wording][precision]") {
  // Seed 000 answers Q7, Q13-Q17, Q25, Q28, Q32; seed 001's approved lines; seed 004's package
  // scripts (as written in the seed, traditional characters and all).
  const char *approved[] = {
      "我会告知此活动优惠力度非常大,许多老用户都已经参与了。",
      "如果您后期想要办理也可拨打我们10086进行咨询,这边都是实时登记、在线办理,主要也是为您省去自己操作的麻烦,关键现在咱也有通话和流量的赠送才邀请您参与的,成功后也都是有短信的,也请您放心参与。",
      "先生/女生,您看虽然咱活动优惠期限是两年,但活动力度较大,所谓的规定时间只是为了给你返还费用等的系统限制,而且很多人都报名参加了,所以请您放心。",
      "WIFI覆盖比较是有区域限制的,若您在家中与家人同时连接WIFI时,首先网速慢,其次信号也不稳定。像抢个红包啥的都不能及时获取。本次活动设计也是多为客户赠送,特别划算,这样可以随时随地的使用,相当方便。后期等活动到期,您也可以在选择取消或者参与其他优惠活动。多数客户都已参与办理了,这边也给您登记办理上吧?",
      "现在手机业务使用很多都需要流量,为了避免一不小心流量用超产生流量扣费,建议您可以尝试体验一下适当增加一点流量,趁着这次优惠,日常用微信,逛淘宝,玩小游戏等都可以放心尝试了。非常划算的",
      "10085是移动4G服务专线,主要负责优惠套餐、活动的通知,由于分工不同,10085暂无相关话费明细。如您要查询话费或其他详情,挂机后可以拨打10086人工查询等。",
      "非常感谢先生您对中国移动的大力支持,但由于活动名额有限,仅限接到电话通知的才可参与,若您确实喜欢这个活动,可用您的另一张卡免费拨打10086详细查询能否参与办理等。",
      "老资费比较贵,已下线停办了,我们新推出的资费都是更划算的,也是为了帮您节省话费的,您可以放心使用。",
      "感谢您的宝贵意见,我会认真记录以建议形式反馈,请您后期关注。",
      "那抱歉打扰您了,今后有更优惠的活动再与您联系,请您稍后对我的服务进行满意度评价,祝您生活愉快,请稍后!",
      "对不起,听不到您的声音,不打扰了,再见!",
      "很抱歉,我调整一下,您看现在好些了么?",
      "对不起,这个超出了我的权限范围,虽然我帮不到您,但我会立即将问题反映给上级部门处理,您看这样好吗?",
      "抱歉先生/女士,如果是我的表达方式,给你带来不好感知,我向您表示歉意,关于您要查询的业务如果没有密码,人工台确实无法为您直接查询,建议您可以通过自动台或短信方式查询,如果您有需要我也可以为您进行转接,您看好吧",
      "今年武漢有線為了回饋老用戶有一個優惠活動,可以把您家裡80臺後面沒有授權的節目給您開通60個臺,都是24小時播放都不打廣告的節目,平時我們單獨訂購都是八塊錢一個臺一個月的,現在全部開通只需要16元一個月,平均下來每天只要5毛錢可以看到60套節目,現在是非常劃算的,您看可以嗎?",
      "而且這些臺都是24小時播放都不打廣告的節目,平時我們單獨訂購都是50元一個月的,現在全部開通只需要16元一個月,平均下來每天只要5毛錢,現在是非常劃算的,您看可以嗎?",
      "現在很多用戶都開通了,都覺得很不錯的,一個月只需要16元,您想也需要嗎?",
      "除了這些點播內容以外,現在還免費贈送同樣價值16元每月的節目回看功能,如果您平時喜歡的節目錯過了,可以馬上點播回看,非常方便實用的!包年算下來也只要192元,相當於買一送一,非常劃算的。",
      "像以前沒做活動的時候,熱播的先鋒兵羽節目是12元錢一個月才能開通,香港鳳凰資訊臺要14元一個月才能看到",
  };
  for (const char *policy : {"mobile_outbound", "cable_tv", "followup"})
    for (const char *say : approved) {
      auto c = underStdlib(policy, say);
      INFO(policy << ": " << say << "\n" << c.diagnostics);
      CHECK(std::none_of(c.codes.begin(), c.codes.end(), wordingCode));
    }
}

TEST_CASE("the seeds' wrong phrasing is caught by the stdlib lexicon", "[wording][precision]") {
  const char *wrong[] = {
      "这个活动完全免费", "这个活动完全不收费", "帮你转16元套餐,就足够您用",
      "不会产生额外的费用", "您一个月花70就够了", "你到底用不用?", "你为什么不订我们的这个套餐呢?",
      "你刚才不是说要了吗?", "我态度没问题,是您没理解!", "喂,什么?你说什么?",
      "先生,我现在已经很大声了!", "喂,说话!", "喂,请说话!", "再不说话我就挂了!!",
      "喂,嘴巴乾淨一點,這又不是我的錯呀!", "剛才的電話不是我接的!", "我办不了。",
      "你听清楚了没有?明白了没?", "您连这个都不知道啊?", "那你以为呢?", "没密码查不了",
      "好的,那不打扰了,再见。",
  };
  for (const char *say : wrong) {
    auto c = underStdlib("mobile_outbound", say);
    INFO(say << "\n" << c.diagnostics);
    // Claims allowed after their clause (`after_clause includes`) are judged on the call's
    // paths (E0618); everything else by the wording pass.
    CHECK(std::any_of(c.codes.begin(), c.codes.end(), [](const std::string &code) {
      return (code[0] == 'E' && wordingCode(code)) || code == "E0618";
    }));
  }
}


// ---- symbols, marks, emoji and clause boundaries -------------------------------------------

TEST_CASE("symbols, marks and emoji inside a phrase are dropped", "[wording][normalize]") {
  CHECK(folded("完全~免费") == "完全免费");
  CHECK(folded("完全😊免费") == "完全免费");
  CHECK(folded("完全\u0301免\u20dd费") == "完全免费");
  CHECK(folded("完全👍🏽免费") == "完全免费");     // emoji with a skin-tone modifier
  CHECK(folded("完全\u2764\ufe0f免费") == "完全免费"); // with a variation selector
}

TEST_CASE("clause-ending punctuation leaves a break", "[wording][normalize]") {
  NormalizedText t = Normalizer::standard().normalize("明白了,没有。其他 疑问?");
  REQUIRE(toUtf8(t.text) == "明白了没有其他疑问");
  CHECK(t.breaks == std::vector<uint32_t>{3, 5});
  CHECK(t.breakPending);
  CHECK(Normalizer::standard().normalize("9.9元「完全」").breaks.empty());
}

TEST_CASE("a match only across a clause boundary is not a hit", "[wording][precision]") {
  for (const char *say : {"明白了,没有其他疑问", "好的,我明白了,没有问题", "我明白了没关系的",
                          "我听清楚了,没有问题"}) {
    auto c = underStdlib("mobile_outbound", say);
    INFO(say << "\n" << c.diagnostics);
    CHECK(std::none_of(c.codes.begin(), c.codes.end(), wordingCode));
  }
  for (const char *say : {"明白了没?", "你听懂了没有?", "懂了没"}) {
    auto c = underStdlib("mobile_outbound", say);
    INFO(say << "\n" << c.diagnostics);
    CHECK(count(c.codes, "E0602") == 1);
  }
}

TEST_CASE("an honest negation is not a claim, a rhetorical one is", "[wording][precision]") {
  for (const char *say : {"这个活动并不是完全免费的,每月需要16元", "不是说完全不收费"}) {
    auto c = underStdlib("cable_tv", say);
    INFO(say << "\n" << c.diagnostics);
    CHECK(std::none_of(c.codes.begin(), c.codes.end(), wordingCode));
  }
  for (const char *say : {"这不是完全免费吗", "是不是完全免费的", "完全😊免费", "完全~免费"}) {
    auto c = underStdlib("cable_tv", say);
    INFO(say << "\n" << c.diagnostics);
    CHECK(count(c.codes, "E0601") == 1);
  }
}

// ---- patterns ---------------------------------------------------------------------------------

TEST_CASE("a pattern entry matches its alternatives and bounded gaps", "[wording][pattern]") {
  std::string lexicon = R"x(banned "(完全|百分百|绝对)…(免费|不收费|零费用)" {
  rule R09
  match "百分百免费", "绝对是不收费的"
  nomatch "您完全可以用另一张卡免费拨打10086"
})x";
  for (const char *say : {"完全免费", "百分百都是零费用", "绝对~不收费"}) {
    auto c = compileSource("t.patter", campaignSaying(say, lexicon), false);
    INFO(say << "\n" << c.diagnostics);
    CHECK(c.codes == std::vector<std::string>{"E0601"});
  }
  for (const char *say : {"完全可以先了解一下再免费", "绝对,免费的部分是回看"}) {
    auto c = compileSource("t.patter", campaignSaying(say, lexicon), false);
    INFO(say << "\n" << c.diagnostics);
    CHECK(c.codes.empty());
  }
}

TEST_CASE("anchors tie a pattern to the end of a clause", "[wording][pattern]") {
  std::string lexicon = R"x(banned "(明白|懂)了(没有|没)$" { rule R10  match "懂了没?"  nomatch "明白了没关系" })x";
  auto hit = compileSource("t.patter", campaignSaying("你明白了没有?", lexicon), false);
  CHECK(hit.codes == std::vector<std::string>{"E0602"});
  auto clean = compileSource("t.patter", campaignSaying("我明白了没有问题", lexicon), false);
  CHECK(clean.codes.empty());
}

TEST_CASE("a malformed pattern is reported at the entry", "[wording][pattern]") {
  for (const char *phrase : {"(完全|绝对免费", "完全)免费", "完全$免费", "(完全…|绝对)免费"}) {
    auto c = compileSource("t.patter",
                           campaignSaying("您好", std::string("banned \"") + phrase +
                                                      "\" { rule R09 }"),
                           false);
    INFO(phrase << "\n" << c.diagnostics);
    CHECK(c.codes == std::vector<std::string>{"E0620"});
  }
}

// ---- every text as spoken ---------------------------------------------------------------------

/// A campaign whose pitch says `first` and then `second`.
std::string campaignSayingTwo(const std::string &first, const std::string &second,
                              const std::string &title = "t",
                              const std::string &offer = "price 10 yuan per month") {
  return "policy p { channels outbound  products test_product\n" + std::string(kFreeEntry) + "\n}\n"
         "campaign c {\n"
         "  title \"" + title + "\"\n  channel outbound\n  policy p\n"
         "  offer { kind test_product  " + offer + " }\n"
         "  start pitch\n"
         "  step pitch {\n"
         "    say \"" + first + "\"\n"
         "    say \"" + second + "\"\n"
         "    end declined\n"
         "  }\n"
         "}\n";
}

TEST_CASE("a banned phrase split across two consecutive lines is caught", "[wording][check]") {
  auto c = compileSource("t.patter", campaignSayingTwo("这个活动是完全", "免费的哦"), false);
  INFO(c.diagnostics);
  REQUIRE(c.codes == std::vector<std::string>{"E0601"});
  CHECK(c.diagnostics.find("\"完全免费\"") != std::string::npos);
  CHECK(c.diagnostics.find("note: the phrase goes on in the next line") != std::string::npos);
  // A line that ends its sentence does not run on into the next.
  auto ended = compileSource("t.patter", campaignSayingTwo("这个活动是完全。", "免费的部分是回看"),
                             false);
  INFO(ended.diagnostics);
  CHECK(ended.codes.empty());
}

TEST_CASE("titles and offer facts are checked, also as templates speak them", "[wording][check]") {
  auto title = compileSource("t.patter", campaignSayingTwo("{campaign.title}免费", "您好", "完全"),
                             false);
  INFO(title.diagnostics);
  CHECK(title.codes == std::vector<std::string>{"E0601"});
  auto fact = compileSource(
      "t.patter",
      campaignSayingTwo("为您开通{offer.product}", "您好", "t",
                        "product \"完全免费流量包\" price 10 yuan per month"),
      false);
  INFO(fact.diagnostics);
  // Reported once, where the fact is written, not again where a template speaks it.
  REQUIRE(fact.codes == std::vector<std::string>{"E0601"});
  CHECK(fact.diagnostics.find("t.patter:13:39:") != std::string::npos);
}

// ---- amounts and periods ----------------------------------------------------------------------

TEST_CASE("every common spelling of an amount is read", "[wording][amount]") {
  for (const char *say : {"只要十五块钱", "只要两块钱", "只要壹拾伍元", "只要￥15", "只要15RMB",
                          "只要10元5角", "只要1毛", "只要两块五", "只要¥ 15元", "只要10元50分"}) {
    DYNAMIC_SECTION(say) {
      auto c = compileSource("t.patter", campaignSaying(say, ""), false);
      INFO(c.diagnostics);
      CHECK(c.codes == std::vector<std::string>{"E0608"});
    }
  }
  // 分钟 after an amount is minutes, not fen: 10元50分钟 is 10元 with 50 minutes (R09).
  for (const char *say : {"只要十块钱", "只要壹拾元", "只要￥10", "只要10RMB", "每月只需10元整",
                          "10元50分钟国内通话包", "每月10块5分钟"}) {
    DYNAMIC_SECTION(say) {
      auto c = compileSource("t.patter", campaignSaying(say, ""), false);
      INFO(c.diagnostics);
      CHECK(c.codes.empty());
    }
  }
}

TEST_CASE("an amount quoted for the wrong period is an error", "[wording][amount]") {
  for (const char *say : {"一年只需10元", "每天只要10元", "包年只要100元", "每月只要120元",
                          "每天只要5块钱", "平均下来每天只要1块钱"}) {
    DYNAMIC_SECTION(say) {
      auto c = compileSource("t.patter", campaignSaying(say, ""), false);
      INFO(c.diagnostics);
      CHECK(c.codes == std::vector<std::string>{"E0625"});
    }
  }
  auto c = compileSource("t.patter", campaignSaying("一年只需10元", ""), false);
  CHECK(c.diagnostics.find("the text quotes '10元' a year, but the offer's price is 10元/月: "
                           "that would be 120元/年") != std::string::npos);
}

TEST_CASE("breakdowns and yearly prices that agree are fine", "[wording][amount]") {
  for (const char *say : {"每天只要3毛钱", "平均下来每天只要3毛3", "包年算下来也只要120元",
                          "一年120元", "10元一个月", "10元/月", "每天不到5毛钱", "12个月共120元"}) {
    DYNAMIC_SECTION(say) {
      auto c = compileSource("t.patter", campaignSaying(say, ""), false);
      INFO(c.diagnostics);
      CHECK(c.codes.empty());
    }
  }
  auto yearly = compileSource(
      "t.patter",
      campaignSaying("包年只要100元", "", "price 10 yuan per month yearly_price 100 yuan per year"),
      false);
  INFO(yearly.diagnostics);
  CHECK(yearly.codes.empty());
}

TEST_CASE("only the amount a phrase marks is exempt", "[wording][amount]") {
  auto c = compileSource("t.patter", campaignSaying("原价50元,现在只要60元", ""), false);
  INFO(c.diagnostics);
  REQUIRE(c.codes == std::vector<std::string>{"E0608"});
  CHECK(c.diagnostics.find("'60元'") != std::string::npos);
  // A marker somewhere in the line no longer exempts every amount in it.
  auto anywhere = compileSource("t.patter", campaignSaying("每月只要8元,相当于买一送一", ""), false);
  CHECK(anywhere.codes == std::vector<std::string>{"E0625"});
}

// ---- input that hurts ---------------------------------------------------------------------------

TEST_CASE("a waiver reason of whitespace of any kind is no reason", "[wording][waiver]") {
  for (const char *reason : {"\u3000", "\u200b", "\u00a0\t", "。。"}) {
    std::string src = campaignSaying("完全免费", kFreeEntry);
    src.replace(src.find("\"完全免费\"\n"), std::string("\"完全免费\"\n").size(),
                std::string("\"完全免费\" allow R09 \"") + reason + "\"\n");
    auto c = compileSource("t.patter", src, false);
    INFO(c.diagnostics);
    CHECK(count(c.codes, "E0208") == 1);
  }
}

TEST_CASE("a NUL character in a string is an error", "[wording][input]") {
  std::string src = campaignSaying(std::string("您好\0完全免费", 19), "");
  auto c = compileSource("t.patter", src, false);
  INFO(c.diagnostics);
  CHECK(count(c.codes, "E0626") == 1);
}

// ---- the confirmation turn (R04, R05) --------------------------------------------------------

namespace {

/// examples/data_pack_10.patter with `from` replaced by `to` (which must be there).
std::string dataPackWith(const std::string &from, const std::string &to) {
  std::string text;
  REQUIRE(readFile(PATTER_SOURCE_DIR "/examples/data_pack_10.patter", text));
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

const std::string kConfirmAsk =
    "    ask \"本次业务办理以录音为证,为您{phone.masked}号码开通{offer.product},"
    "现在为您登记办理{offer.product}好吧?\"\n";

} // namespace

TEST_CASE("the confirmation is read normalised: traditional characters pass", "[wording][confirm]") {
  auto c = compileSource("t.patter",
                         dataPackWith(kConfirmAsk,
                                      "    ask \"本次業務辦理以錄音為證,為您{phone.masked}號碼開通"
                                      "{offer.product},現在為您登記辦理{offer.product}好吧?\"\n"),
                         false);
  INFO(c.diagnostics);
  CHECK(c.codes.empty());
}

TEST_CASE("inducing words anywhere in the confirmation turn are errors", "[wording][confirm]") {
  for (const char *words : {"随时可以取消的。", "您放心用。", "成功后会有短信通知。", "不满意随时退订。"}) {
    DYNAMIC_SECTION(words) {
      std::string ask = kConfirmAsk;
      ask.insert(ask.rfind("\""), words);
      auto c = compileSource("t.patter", dataPackWith(kConfirmAsk, ask), false);
      INFO(c.diagnostics);
      CHECK(count(c.codes, "E0508") >= 1);
    }
  }
}

TEST_CASE("the line right before the confirmation belongs to its turn", "[wording][confirm]") {
  // The pitch's yes goes through a step that speaks and moves on without waiting.
  std::string lead = dataPackWith("    on yes -> confirm\n    on no  -> objection declined",
                                  "    on yes -> lead\n    on no  -> objection declined");
  lead = lead.replace(lead.find("  step confirm {"), 0,
                      "  step lead {\n    say \"办理成功以后也是有短信提醒的,您放心使用。\"\n"
                      "    goto confirm\n  }\n\n");
  auto c = compileSource("t.patter", lead, false);
  INFO(c.diagnostics);
  CHECK(count(c.codes, "E0508") == 2);

  // The recording notice said only just before does not do: an objection's `retry` comes back
  // into the confirmation without the line before it.
  std::string notice = dataPackWith("    on yes -> confirm\n    on no  -> objection declined",
                                    "    on yes -> notice\n    on no  -> objection declined");
  notice = notice.replace(notice.find("  step confirm {"), 0,
                          "  step notice {\n    say \"本次业务办理以录音为证。\"\n    goto confirm\n  }\n\n");
  notice = notice.replace(notice.find("本次业务办理以录音为证,为您{phone"),
                          std::string("本次业务办理以录音为证,").size(), "");
  auto ok = compileSource("t.patter", notice, false);
  INFO(ok.diagnostics);
  CHECK(count(ok.codes, "E0506") == 1);
}

TEST_CASE("a confirmation reached by a reply needs the notice in its own lines", "[wording][confirm]") {
  std::string ask = kConfirmAsk;
  ask.replace(ask.find("本次业务办理以录音为证,"), std::string("本次业务办理以录音为证,").size(), "");
  auto c = compileSource("t.patter", dataPackWith(kConfirmAsk, ask), false);
  INFO(c.diagnostics);
  CHECK(count(c.codes, "E0506") == 1);
}

TEST_CASE("a malformed confirm_forbids pattern is reported", "[wording][confirm]") {
  std::string src = "policy p { channels outbound  products test_product\n  confirm_forbids \"(放心\"\n}\n"
                    "campaign c {\n  title \"t\"\n  channel outbound\n  policy p\n"
                    "  offer { kind test_product  price 10 yuan per month }\n  start s\n"
                    "  step s {\n    ask \"现在为您登记办理好吧?\"\n    confirm\n"
                    "    on yes -> end declined\n    on no  -> end declined\n  }\n}\n";
  auto c = compileSource("t.patter", src, false);
  INFO(c.diagnostics);
  CHECK(count(c.codes, "E0620") == 1);
}
