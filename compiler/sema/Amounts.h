// Amounts of money and durations as Chinese scripts write them (R09, R02): `十五块钱`, `￥15`,
// `10元5角`, `每天只要5毛钱`, `一年只需10元`, `活动期为12个月`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace patter {

/// A period in days: a month counts 30, a year 12 months, as call centres break prices down.
enum class Period : uint32_t { None = 0, Day = 1, Week = 7, Month = 30, Year = 360 };

/// The period an offer unit (`day`, `week`, `month`, `year`) names, or None.
Period periodOfUnit(std::string_view unit);

/// An amount a text quotes: code points [begin, end) of the text, unit included.
struct QuotedAmount {
  double yuan = 0;
  uint32_t begin = 0, end = 0;
  /// What it is quoted for: `每月10元` is 10 per 1 month, `一年只需10元` 10 per 1 year,
  /// `12个月共120元` 120 per 12 months; Period::None when the text names no period.
  Period period = Period::None;
  double periods = 1;
  /// The phrase marks it as another amount than the price (`原价50元`, `平时单独订购都是8块钱`,
  /// `节省20元`): it is not checked.
  bool other = false;
  /// `不到一块钱`: the price works out at most this much.
  bool atMost = false;
};

/// Every amount of money in `text` (code points as written; traditional characters and
/// full-width digits are read too): Arabic or Chinese numerals, financial numerals (`壹拾伍`),
/// `元` `圆` `块` `钱`, `角` `毛` and `分` after them (`10元5角`, `两块五`, `1毛`), `￥15`, `15RMB`,
/// `15人民币`. Chinese numerals before `块`, `毛` or `角` count only where no other word follows
/// (`一块去` is "together").
std::vector<QuotedAmount> quotedAmounts(std::u32string_view text);

/// A duration a text states: `12个月`, `一年`, `半年`, `两年`, `30天`, or an end one year on
/// (`明年本月`). `days` uses the same scale as Period. A written date (`2027年6月30日`) is an end
/// date: `date` is set, `days` 0.
struct StatedDuration {
  double days = 0;
  bool date = false;
  uint32_t begin = 0, end = 0;
};
std::vector<StatedDuration> statedDurations(std::u32string_view text);

/// `10元/月`, `1.5元`, `12个月`: for messages.
std::string formatAmount(double yuan, Period period, double periods = 1);
std::string formatDuration(double days);

} // namespace patter
