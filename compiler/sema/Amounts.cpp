// Reading amounts of money, the periods they are quoted for, and durations, from spoken text.
#include "Amounts.h"

#include "Normalize.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace patter {

namespace {

/// The text with each code point folded on its own (`５` is `5`, `塊` is `块`, `￥` is `¥`),
/// punctuation kept: positions stay those of the text.
std::u32string foldEach(std::u32string_view text) {
  const Normalizer &norm = Normalizer::standard();
  std::u32string out(text);
  for (char32_t &c : out)
    c = norm.foldOne(c);
  return out;
}

int digitValue(char32_t c) {
  switch (c) {
  case U'零': case U'〇': return 0;
  case U'一': case U'壹': return 1;
  case U'二': case U'两': case U'贰': case U'貳': return 2;
  case U'三': case U'叁': case U'參': return 3;
  case U'四': case U'肆': return 4;
  case U'五': case U'伍': return 5;
  case U'六': case U'陆': case U'陸': return 6;
  case U'七': case U'柒': return 7;
  case U'八': case U'捌': return 8;
  case U'九': case U'玖': return 9;
  default: return -1;
  }
}

int unitValue(char32_t c) {
  switch (c) {
  case U'十': case U'拾': return 10;
  case U'百': case U'佰': return 100;
  case U'千': case U'仟': return 1000;
  case U'万': case U'萬': return 10000;
  default: return 0;
  }
}

bool isArabic(char32_t c) { return c >= U'0' && c <= U'9'; }
/// Normalising drops currency signs, so folding leaves the full-width one as it is.
bool isYen(char32_t c) { return c == U'¥' || c == U'￥'; }
bool isChineseNumeral(char32_t c) { return digitValue(c) >= 0 || unitValue(c) > 0; }
bool isIdeograph(char32_t c) { return c >= 0x4E00 && c <= 0x9FFF; }
bool isSpace(char32_t c) { return c == U' ' || c == U'\t' || c == 0x3000; }

struct Number {
  double value = 0;
  size_t end = 0;
  bool chinese = false;
  bool ok = false;
};

/// A number starting at `i`: Arabic digits with an optional decimal part, or Chinese numerals.
Number readNumber(const std::u32string &f, size_t i) {
  Number n;
  if (i >= f.size())
    return n;
  if (isArabic(f[i])) {
    size_t j = i;
    double v = 0;
    while (j < f.size() && isArabic(f[j]))
      v = v * 10 + (f[j++] - U'0');
    if (j + 1 < f.size() && f[j] == U'.' && isArabic(f[j + 1])) {
      double scale = 0.1;
      for (++j; j < f.size() && isArabic(f[j]); ++j, scale /= 10)
        v += (f[j] - U'0') * scale;
    }
    return {v, j, false, true};
  }
  if (!isChineseNumeral(f[i]))
    return n;
  size_t j = i;
  double total = 0, section = 0, digit = 0;
  while (j < f.size() && isChineseNumeral(f[j])) {
    if (int d = digitValue(f[j]); d >= 0) {
      digit = d;
    } else if (int u = unitValue(f[j]); u == 10000) {
      total += (section + digit) * u;
      section = digit = 0;
    } else {
      section += (digit == 0 ? 1 : digit) * u;
      digit = 0;
    }
    ++j;
  }
  return {total + section + digit, j, true, true};
}

bool startsWith(const std::u32string &f, size_t at, std::u32string_view word) {
  return at + word.size() <= f.size() && f.compare(at, word.size(), word) == 0;
}

bool endsWith(const std::u32string &f, size_t end, std::u32string_view word) {
  return end >= word.size() && f.compare(end - word.size(), word.size(), word) == 0;
}

size_t skipSpaces(const std::u32string &f, size_t i) {
  while (i < f.size() && isSpace(f[i]))
    ++i;
  return i;
}

/// After a Chinese numeral, `块`, `毛` and `角` are money only where no other word follows:
/// `八块钱`, `两块五`, `五毛`, but not `一块去` or `一块儿`.
bool moneyFollows(const std::u32string &f, size_t k) {
  if (k >= f.size() || !isIdeograph(f[k]) || isChineseNumeral(f[k]))
    return true;
  for (char32_t c : {U'钱', U'的', U'每', U'左', U'多'})
    if (f[k] == c)
      return true;
  return false;
}

/// The sentence boundaries an exemption does not reach past (commas are no boundary here:
/// `以前没做活动的时候,先锋兵羽一个台要12元`).
bool endsSentence(char32_t c) {
  return c == U'。' || c == U'!' || c == U'?' || c == U';' || c == U'\n' || c == U'.';
}

bool endsClause(char32_t c) {
  return endsSentence(c) || c == U',' || c == U'、' || c == U':';
}

/// Words that mark the amount after them (in the same sentence) as another than the price:
/// what it used to cost, costs elsewhere or is worth, what the customer saves.
constexpr std::u32string_view kOtherMarkers[] = {
    U"原价", U"平时", U"平常", U"单独订购", U"单独开通", U"单独办理", U"以前", U"之前",
    U"原来", U"原本", U"价值", U"节省", U"省下", U"省了", U"少花", U"超出", U"另收",
    U"市场价", U"标准资费", U"正常价", U"零售价"};
/// Words that turn back to the offer: an exemption before them does not reach past them.
constexpr std::u32string_view kOfferMarkers[] = {U"现在", U"目前", U"如今", U"只需", U"只要",
                                                 U"仅需", U"仅要", U"优惠价", U"活动价", U"但",
                                                 U"而"};
/// Words right before an amount that make it a ceiling: `每天不到一块钱`.
constexpr std::u32string_view kAtMost[] = {U"不到", U"不足", U"不超过", U"低于"};

/// How far back (in code points) the period of an amount and an exemption are looked for.
constexpr size_t kPeriodWindow = 12;
constexpr size_t kMarkerWindow = 40;

Period unitPeriod(char32_t c) {
  switch (c) {
  case U'天': case U'日': return Period::Day;
  case U'周': return Period::Week;
  case U'月': return Period::Month;
  case U'年': return Period::Year;
  default: return Period::None;
  }
}

struct PeriodAt {
  Period period = Period::None;
  double periods = 1;
  size_t end = 0;
};

/// A period expression starting at `i`: `每月`, `每个月`, `每星期`, `/月`, `一个月`, `12个月`,
/// `一年`, `半年`, `包年`, `包月`, `全年`, `月费`, `年费`.
PeriodAt periodAt(const std::u32string &f, size_t i) {
  PeriodAt p;
  if (i >= f.size())
    return p;
  auto unitAt = [&](size_t k, double periods) {
    if (k < f.size() && f[k] == U'个')
      ++k;
    if (startsWith(f, k, U"星期"))
      return PeriodAt{Period::Week, periods, k + 2};
    Period u = k < f.size() ? unitPeriod(f[k]) : Period::None;
    return u == Period::None ? PeriodAt{} : PeriodAt{u, periods, k + 1};
  };
  if (f[i] == U'每' || f[i] == U'/')
    return unitAt(i + 1, 1);
  if (startsWith(f, i, U"包年") || startsWith(f, i, U"全年") || startsWith(f, i, U"年费"))
    return {Period::Year, 1, i + 2};
  if (startsWith(f, i, U"包月") || startsWith(f, i, U"月费") || startsWith(f, i, U"月租"))
    return {Period::Month, 1, i + 2};
  if (startsWith(f, i, U"半年"))
    return {Period::Month, 6, i + 2};
  if (i > 0 && (isArabic(f[i - 1]) || isChineseNumeral(f[i - 1])))
    return p; // inside a number
  Number n = readNumber(f, i);
  if (!n.ok || n.value <= 0 || n.value >= 1000 || (n.end < f.size() && f[n.end] == U'日'))
    return p; // `2027年` and `1日` are dates
  p = unitAt(n.end, n.value);
  if (p.period == Period::Day && f[n.end] == U'日')
    return {};
  return p;
}

struct Reader {
  const std::u32string &f;
  std::vector<QuotedAmount> out;

  /// `10元`, `10元5角`, `两块五`, `1毛`, `15RMB` at `i`, or false.
  bool amountAt(size_t i, size_t begin) {
    Number n = readNumber(f, i);
    if (!n.ok)
      return false;
    size_t k = skipSpaces(f, n.end);
    double major = n.value;
    size_t end = 0;
    // 分 is a fen, except in 分钟 (minutes: `20元50分钟国内通话包` is 20元 for 50 minutes).
    auto fen = [&](size_t u) { return u < f.size() && f[u] == U'分' && !(u + 1 < f.size() && f[u + 1] == U'钟'); };
    auto minor = [&](size_t at, bool bareDigit, double scale) {
      // `5角`, `5毛`, `3分`, or after 块 / 毛 a bare digit (`两块五`, `两毛五`).
      Number m = readNumber(f, at);
      if (!m.ok)
        return at;
      size_t u = m.end;
      if (u < f.size() && (f[u] == U'角' || f[u] == U'毛') && scale > 0.05) {
        major += m.value * 0.1;
        size_t next = u + 1;
        if (next < f.size() && f[next] == U'钱')
          ++next;
        if (Number c = readNumber(f, next); c.ok && fen(c.end)) {
          major += c.value * 0.01;
          return c.end + 1;
        }
        return next;
      }
      if (fen(u)) {
        major += m.value * 0.01;
        return u + 1;
      }
      if (bareDigit && m.value < 10 && (u >= f.size() || !isIdeograph(f[u]) || f[u] == U'钱')) {
        major += m.value * scale;
        return u < f.size() && f[u] == U'钱' ? u + 1 : u;
      }
      return at;
    };
    if (k < f.size() && (f[k] == U'元' || f[k] == U'圆')) {
      end = k + 1;
      if (end < f.size() && (f[end] == U'钱' || f[end] == U'整'))
        ++end;
      end = minor(end, false, 0.1);
    } else if (k < f.size() && f[k] == U'块' && (!n.chinese || moneyFollows(f, k + 1))) {
      end = k + 1;
      if (end < f.size() && f[end] == U'钱')
        ++end;
      end = minor(end, true, 0.1);
    } else if (k < f.size() && (f[k] == U'角' || f[k] == U'毛') &&
               (!n.chinese || moneyFollows(f, k + 1))) {
      major = n.value * 0.1;
      end = k + 1;
      if (end < f.size() && f[end] == U'钱')
        ++end;
      end = minor(end, true, 0.01);
    } else if (startsWith(f, k, U"rmb") || startsWith(f, k, U"人民币")) {
      end = k + 3;
    } else if (begin < i) { // after ¥
      end = n.end;
    } else {
      return false;
    }
    QuotedAmount a;
    a.yuan = std::round(major * 100) / 100;
    a.begin = static_cast<uint32_t>(begin);
    a.end = static_cast<uint32_t>(end);
    describe(a);
    out.push_back(a);
    return true;
  }

  /// The period the amount is quoted for, whether it is another amount, and whether a ceiling.
  void describe(QuotedAmount &a) {
    size_t after = skipSpaces(f, a.end);
    if (PeriodAt p = periodAt(f, after); p.period != Period::None) {
      a.period = p.period;
      a.periods = p.periods;
    } else {
      // The nearest period named before it in its clause.
      size_t from = a.begin > kPeriodWindow ? a.begin - kPeriodWindow : 0;
      size_t clause = a.begin;
      while (clause > from && !endsClause(f[clause - 1]))
        --clause;
      for (size_t k = clause; k < a.begin; ++k)
        if (PeriodAt p = periodAt(f, k); p.period != Period::None && p.end <= a.begin) {
          a.period = p.period;
          a.periods = p.periods;
        }
    }
    size_t before = a.begin;
    while (before > 0 && isSpace(f[before - 1]))
      --before;
    for (std::u32string_view w : kAtMost)
      a.atMost |= endsWith(f, before, w);
    // Back through the sentence: a marker of another amount, unless the offer is named first.
    size_t stop = a.begin > kMarkerWindow ? a.begin - kMarkerWindow : 0;
    for (size_t k = a.begin; k > stop && !endsSentence(f[k - 1]); --k) {
      bool turned = false;
      for (std::u32string_view w : kOfferMarkers)
        turned |= endsWith(f, k, w);
      if (turned)
        break;
      for (std::u32string_view w : kOtherMarkers)
        if (endsWith(f, k, w)) {
          a.other = true;
          return;
        }
    }
  }
};

} // namespace

Period periodOfUnit(std::string_view unit) {
  if (unit == "day")
    return Period::Day;
  if (unit == "week")
    return Period::Week;
  if (unit == "month")
    return Period::Month;
  if (unit == "year")
    return Period::Year;
  return Period::None;
}

std::vector<QuotedAmount> quotedAmounts(std::u32string_view text) {
  std::u32string f = foldEach(text);
  Reader reader{f, {}};
  // Every amount has a unit or a currency sign: a text without one, as most are, is done.
  bool any = std::any_of(f.begin(), f.end(), [](char32_t c) {
    return c == U'元' || c == U'圆' || c == U'块' || c == U'毛' || c == U'角' || isYen(c) ||
           c == U'r' || c == U'人';
  });
  if (!any)
    return {};
  for (size_t i = 0; i < f.size();) {
    if (isYen(f[i])) {
      size_t k = skipSpaces(f, i + 1);
      if (reader.amountAt(k, i)) {
        // `￥15元`: the unit belongs to the same amount.
        QuotedAmount &a = reader.out.back();
        if (a.end < f.size() && f[a.end] == U'元')
          ++a.end;
        i = a.end;
        continue;
      }
      ++i;
      continue;
    }
    bool numberStart = (isArabic(f[i]) && (i == 0 || (!isArabic(f[i - 1]) && f[i - 1] != U'.'))) ||
                       (isChineseNumeral(f[i]) && (i == 0 || !isChineseNumeral(f[i - 1])));
    if (numberStart && reader.amountAt(i, i)) {
      i = reader.out.back().end;
      continue;
    }
    if (numberStart) {
      Number n = readNumber(f, i);
      i = n.ok ? n.end : i + 1;
      continue;
    }
    ++i;
  }
  return std::move(reader.out);
}

std::vector<StatedDuration> statedDurations(std::u32string_view text) {
  std::u32string f = foldEach(text);
  std::vector<StatedDuration> out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (startsWith(f, i, U"明年")) {
      // `收看到明年本月结束`: an end one year on.
      for (std::u32string_view w : {U"本月", U"今天", U"今日", U"同月", U"同期", U"这个时候", U"此时"})
        if (startsWith(f, i + 2, w)) {
          out.push_back({360, false, static_cast<uint32_t>(i),
                         static_cast<uint32_t>(i + 2 + w.size())});
          break;
        }
      continue;
    }
    bool numberStart = (isArabic(f[i]) && (i == 0 || !isArabic(f[i - 1]))) ||
                       (isChineseNumeral(f[i]) && (i == 0 || !isChineseNumeral(f[i - 1])));
    if (!numberStart && !startsWith(f, i, U"半年"))
      continue;
    Number n = readNumber(f, i);
    if (n.ok && n.value >= 1000 && n.end < f.size() && f[n.end] == U'年') {
      // `2027年6月30日`: a date names the end itself.
      Number month = readNumber(f, n.end + 1);
      if (month.ok && month.end < f.size() && f[month.end] == U'月')
        out.push_back({0, true, static_cast<uint32_t>(i), static_cast<uint32_t>(month.end + 1)});
      i = n.end;
      continue;
    }
    PeriodAt p = periodAt(f, i);
    if (p.period == Period::None || p.periods <= 0) {
      if (n.ok)
        i = n.end - 1;
      continue;
    }
    double days = static_cast<double>(p.period) * p.periods;
    if (p.end < f.size() && f[p.end] == U'半' && p.period == Period::Year)
      days += 180, ++p.end; // 一年半
    out.push_back({days, false, static_cast<uint32_t>(i), static_cast<uint32_t>(p.end)});
    i = p.end - 1;
  }
  return out;
}

namespace {
std::string number(double v) {
  std::string s = fmt::format("{:.2f}", v);
  while (s.back() == '0')
    s.pop_back();
  if (s.back() == '.')
    s.pop_back();
  return s;
}

const char *unitName(Period p) {
  switch (p) {
  case Period::Day: return "天";
  case Period::Week: return "周";
  case Period::Month: return "月";
  case Period::Year: return "年";
  case Period::None: break;
  }
  return "";
}
} // namespace

std::string formatAmount(double yuan, Period period, double periods) {
  std::string out = number(yuan) + "元";
  if (period == Period::None)
    return out;
  if (periods == 1)
    return out + "/" + unitName(period);
  return out + "/" + number(periods) + (period == Period::Month ? "个" : "") + unitName(period);
}

std::string formatDuration(double days) {
  if (std::fmod(days, 360) == 0)
    return number(days / 360) + "年";
  if (std::fmod(days, 30) == 0)
    return number(days / 30) + "个月";
  if (std::fmod(days, 7) == 0)
    return number(days / 7) + "周";
  return number(days) + "天";
}

} // namespace patter
