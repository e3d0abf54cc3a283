// The campaign generator behind the benchmark corpus: Chinese outbound scripts, seeded.
#include "corpus.h"

#include <fmt/format.h>

#include <array>
#include <random>
#include <string_view>

namespace patter::bench {

namespace {

/// What a campaign sells; the numbers are filled in per campaign.
struct ProductKind {
  std::string_view product;  ///< fmt pattern over {amount} and {size}
  std::string_view includes; ///< fmt pattern over {size}
};

constexpr std::array<ProductKind, 6> kProducts = {{
    {"{amount}元{size}GB流量月包", "国内通用流量{size}GB"},
    {"{amount}元{size}0分钟国内通话包", "国内通话{size}0分钟"},
    {"5G畅享套餐{amount}元档", "5G网络优先接入和国内通用流量{size}GB"},
    {"{amount}元视频会员定向流量包", "视频会员定向流量{size}GB"},
    {"{amount}元家庭宽带提速包", "宽带下行速率提升到{size}00M"},
    {"{amount}元亲情号互打包", "{size}个亲情号码之间免费互打"},
}};

constexpr std::array<std::string_view, 4> kCarriers = {
    "中国移动10085客服", "移动公司客户经理", "中国移动服务热线", "移动营业厅客服"};

/// Pitch lines; some name the product through the `{offer.product}` template.
constexpr std::array<std::string_view, 16> kPitchLines = {
    "为回馈老用户,我们推出了{offer.product}。",
    "根据您近三个月的使用情况,系统为您匹配了一个更划算的优惠。",
    "您是我们的星级客户,这次的活动是专门为老用户准备的。",
    "很多和您情况差不多的用户办理之后都觉得非常实用。",
    "现在出门导航、刷视频、打车付款都离不开流量,这个包正好用得上。",
    "办理之后不用换号也不用换卡,原来的套餐保持不变。",
    "这次活动的名额是有限的,今天办理可以直接享受优惠价格。",
    "{offer.product}比您单独购买同样的内容要便宜一半左右。",
    "您平时如果经常出差或者外出,多一些流量会方便很多。",
    "活动是通过系统统一登记的,办理过程不需要您到营业厅。",
    "开通以后可以在手机营业厅里随时查看剩余的用量。",
    "现在办理还可以参加月底的话费抽奖活动,中奖率很高。",
    "这个优惠是总部统一推出的,只在这一期活动中提供。",
    "家里其他人用的也是移动号码的话,也可以一起参加。",
    "我们会在每月用量达到八成时给您发短信提醒,避免超出。",
    "好多用户反映开通以后每个月的账单反而降下来了。",
};

constexpr std::array<std::string_view, 8> kPitchQuestions = {
    "这次活动优惠力度非常大,很多老用户都已经参与了,您看给您办理上好吗?",
    "您看这个优惠挺适合您的,我现在帮您登记一下好吗?",
    "价格也很实惠,您看可以帮您开通吗?",
    "您对这个活动还有什么疑问吗?没有的话我继续为您介绍好吗?",
    "这么划算的活动,您看要不要试一试?",
    "您觉得这个内容对您有帮助吗?",
    "我再为您说明一下后面的细节,您看可以吗?",
    "您要是觉得可以,我们就继续往下办理好吗?",
};

/// Objection topics: keyword stems and the approved retention line for each.
struct ObjectionTopic {
  std::string_view id;
  std::array<std::string_view, 4> keywords;
  std::string_view reply;
};

constexpr std::array<ObjectionTopic, 12> kTopics = {{
    {"wifi", {"WiFi", "无线网", "不用流量", "家里有网"},
     "WiFi覆盖是有区域限制的,出门在外还是需要流量,这样可以随时随地使用,相当方便。"},
    {"enough", {"流量够用", "够用了", "用不完", "流量很多"},
     "现在手机业务很多都需要流量,适当增加一点流量,可以避免一不小心用超产生流量扣费。"},
    {"price", {"太贵", "没钱", "不划算", "价格高"},
     "平均下来每天只要几毛钱,比单独购买便宜很多,而且到期后会自动取消。"},
    {"busy", {"在开会", "正在开车", "没时间", "很忙"},
     "耽误您一分钟,我简单说明一下重点内容,办理过程非常快。"},
    {"think", {"考虑一下", "想一想", "再看看", "以后再说"},
     "这次活动只在本期提供,名额有限,今天登记可以直接享受优惠。"},
    {"family", {"问问家里", "家人决定", "老婆管", "孩子办的"},
     "这个号码是您本人在使用,您本人同意就可以办理,不会影响家里其他号码。"},
    {"trust", {"骗子", "诈骗", "不相信", "假的"},
     "我们是移动官方客服,您可以挂机后拨打10086核实,办理记录也能在营业厅查询。"},
    {"switch", {"要换号", "换运营商", "携号转网", "不用这个号"},
     "办理之后不影响您以后的选择,活动到期会自动取消。"},
    {"elderly", {"年纪大了", "不会用", "看不懂", "老人机"},
     "没关系,开通以后不需要您做任何操作,系统会自动生效,到期也会自动取消。"},
    {"signal", {"信号不好", "网速慢", "经常断网", "没有信号"},
     "我已经为您记录了信号问题,会反馈给网络部门处理,这个优惠和信号问题不冲突。"},
    {"contract", {"有合约", "办过了", "已经有套餐", "重复办理"},
     "这个优惠可以和您现在的套餐叠加使用,不会影响原有的合约。"},
    {"abroad", {"在国外", "出差在外", "不在本地", "漫游"},
     "这个包是全国通用的,您在外地出差时也能正常使用,非常方便。"},
}};

/// The six clause names the mobile outbound policy requires, in disclosure order.
constexpr std::array<std::string_view, 6> kClauses = {"price",  "includes", "effective",
                                                      "term",   "expiry",   "downgrade"};

/// A small deterministic generator: the same bits on every platform and standard library
/// (std::uniform_int_distribution is implementation-defined, so it is not used).
class Dice {
public:
  explicit Dice(std::uint64_t seed) : engine_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }
  template <typename T, std::size_t N> const T &pick(const std::array<T, N> &options) {
    return options[below(N)];
  }

private:
  std::mt19937_64 engine_;
};

/// Writes the head that every campaign has, whatever its size: imports, offer and clauses,
/// the greeting with the owner check.
void writeHead(std::string &out, Dice &dice, unsigned index, unsigned factor) {
  const ProductKind &kind = dice.pick(kProducts);
  const unsigned amount = 5 + 5 * static_cast<unsigned>(dice.below(6));
  const unsigned size = 2 + static_cast<unsigned>(dice.below(30));
  const unsigned months = 6 * (1 + static_cast<unsigned>(dice.below(4)));
  const std::string product = fmt::format(fmt::runtime(kind.product), fmt::arg("amount", amount),
                                          fmt::arg("size", size));
  const std::string includes = fmt::format(fmt::runtime(kind.includes), fmt::arg("size", size));
  const bool nextMonth = dice.below(2) == 0;

  fmt::format_to(std::back_inserter(out),
                 "// 10085 outbound campaign {}: {} (generated, size factor {}).\n"
                 "import \"std/policy/mobile_outbound\"\n"
                 "import \"std/handlers\"\n\n"
                 "campaign c{} {{\n"
                 "  title   \"{}\"\n"
                 "  channel outbound\n"
                 "  policy  mobile_outbound\n\n"
                 "  offer {{\n"
                 "    kind      mobile_data\n"
                 "    product   \"{}\"\n"
                 "    price     {} yuan per month\n"
                 "    includes  \"{}\"\n"
                 "    effective \"{}\"\n"
                 "    term      {} months\n"
                 "    expiry    auto_cancel\n"
                 "    downgrade forbidden\n"
                 "  }}\n\n"
                 "  clauses {{\n"
                 "    price     \"每月只需{}元\"\n"
                 "    includes  \"包含{}\"\n"
                 "    effective \"{}\"\n"
                 "    term      \"活动期为{}个月\"\n"
                 "    expiry    \"到期后自动取消,无需您操作\"\n"
                 "    downgrade \"活动期间不能降低套餐档次\"\n"
                 "  }}\n\n"
                 "  start greet\n\n"
                 "  // R03: owner check with the first 3 and last 4 digits, before anything else.\n"
                 "  step greet {{\n"
                 "    ask \"您好,我是{},请问您是{{phone.first3}}尾号{{phone.last4}}的机主吗?\"\n"
                 "    verify owner\n"
                 "    on yes -> pitch0\n"
                 "    on no  -> end not_owner\n"
                 "  }}\n",
                 index, product, factor, index, product, product, amount, includes,
                 nextMonth ? "次月1日" : "即时", months, amount, includes,
                 nextMonth ? "次月1日生效" : "办理后立即生效", months, dice.pick(kCarriers));
}

/// Pitch step `n` of `count`: four lines, its share of the disclosures, a question, routes.
void writePitch(std::string &out, Dice &dice, unsigned n, unsigned count) {
  fmt::format_to(std::back_inserter(out), "\n  step pitch{} {{\n", n);
  for (int line = 0; line < 4; ++line)
    fmt::format_to(std::back_inserter(out), "    say \"{}\"\n", dice.pick(kPitchLines));
  // Clause c is disclosed in pitch step c * count / 6, so every clause is told exactly once
  // before the confirmation however many pitch steps there are.
  std::string disclosed;
  for (std::size_t c = 0; c < kClauses.size(); ++c)
    if (c * count / kClauses.size() == n)
      disclosed += (disclosed.empty() ? "" : ", ") + std::string(kClauses[c]);
  if (!disclosed.empty())
    fmt::format_to(std::back_inserter(out), "    disclose {}\n", disclosed);
  const std::string next = n + 1 < count ? fmt::format("pitch{}", n + 1) : "confirm";
  fmt::format_to(std::back_inserter(out),
                 "    ask \"{}\"\n"
                 "    on yes -> {}\n"
                 "    on no  -> objection declined\n"
                 "  }}\n",
                 dice.pick(kPitchQuestions), next);
}

/// Qualifiers that keep keywords distinct when a topic comes round again in a large campaign
/// (a keyword heard by two objections would be ambiguous).
constexpr std::array<std::string_view, 5> kQualifiers = {"", "我觉得", "其实", "真的", "现在"};

/// Keyword objection `n`: topics come round in a per-campaign order, each round of twelve
/// qualified differently; two to four of the topic's keywords; a retention line.
void writeObjection(std::string &out, Dice &dice, unsigned n, std::size_t topicOffset) {
  const ObjectionTopic &topic = kTopics[(topicOffset + n) % kTopics.size()];
  const std::size_t round = n / kTopics.size();
  const std::string qualifier = round < kQualifiers.size() ? std::string(kQualifiers[round])
                                                           : fmt::format("第{}次", round + 1);
  const std::size_t keywords = 2 + dice.below(3);
  const std::size_t first = dice.below(topic.keywords.size());
  fmt::format_to(std::back_inserter(out), "\n  objection {}{} when ", topic.id, n);
  for (std::size_t k = 0; k < keywords; ++k)
    fmt::format_to(std::back_inserter(out), "{}\"{}{}\"", k ? ", " : "", qualifier,
                   topic.keywords[(first + k) % topic.keywords.size()]);
  fmt::format_to(std::back_inserter(out),
                 " {{\n"
                 "    say \"{}\"\n"
                 "    retry\n"
                 "    exhausted -> closing\n"
                 "  }}\n",
                 topic.reply);
}

/// The fixed tail: the outright refusal, the recorded confirmation, the registration and the
/// approved no-sale closing every refusal ends with (R11).
void writeTail(std::string &out) {
  out += "\n  objection declined when \"不需要\", \"不用了\" {\n"
         "    say \"这次活动优惠力度非常大,很多老用户都已经参与了,到期后也会自动取消。\"\n"
         "    retry\n"
         "    exhausted -> closing\n"
         "  }\n\n"
         "  // R04, R05: the recording notice and an explicit confirmation naming the product.\n"
         "  step confirm {\n"
         "    ask \"本次业务办理以录音为证,为您{phone.masked}号码开通{offer.product},"
         "现在为您登记办理{offer.product}好吧?\"\n"
         "    confirm\n"
         "    on yes    -> done\n"
         "    on no     -> closing\n"
         "    on hangup -> end callback\n"
         "  }\n\n"
         "  step done {\n"
         "    register\n"
         "    say \"已为您登记成功,稍后您会收到短信通知,感谢您的接听,祝您生活愉快,再见!\"\n"
         "    end success\n"
         "  }\n\n"
         "  step closing {\n"
         "    say \"那抱歉打扰您了,今后有更优惠的活动再与您联系,请您稍后对我的服务进行满意度评价,"
         "祝您生活愉快,请稍后!\"\n"
         "    end declined\n"
         "  }\n"
         "}\n";
}

} // namespace

std::string generateCampaign(std::uint64_t seed, unsigned index, unsigned factor) {
  // One stream per campaign, so a campaign does not depend on which others were generated.
  Dice dice(seed * 0x9E3779B97F4A7C15ull + index * 0xBF58476D1CE4E5B9ull + factor);
  std::string out;
  out.reserve(1500 + 2000 * static_cast<std::size_t>(factor));
  writeHead(out, dice, index, factor);
  for (unsigned n = 0; n < factor; ++n)
    writePitch(out, dice, n, factor);
  const std::size_t topicOffset = dice.below(kTopics.size());
  for (unsigned n = 0; n < 3 * factor; ++n)
    writeObjection(out, dice, n, topicOffset);
  writeTail(out);
  return out;
}

std::vector<CampaignSource> generateCorpus(std::uint64_t seed, unsigned count, unsigned factor) {
  std::vector<CampaignSource> corpus;
  corpus.reserve(count);
  for (unsigned i = 0; i < count; ++i)
    corpus.push_back({fmt::format("corpus/c{}.patter", i), generateCampaign(seed, i, factor)});
  return corpus;
}

} // namespace patter::bench
