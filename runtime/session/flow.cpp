// Flow accessors and the plain-data helpers of action.h.
#include "patter/flow.h"

#include <fmt/format.h>

#include "flow_data.h"
#include "patter/action.h"

namespace patter {

std::string_view Flow::campaignId() const noexcept { return data_->campaignId; }
std::string_view Flow::title() const noexcept { return data_->title; }
std::string_view Flow::product() const noexcept { return data_->product; }
const Limits& Flow::limits() const noexcept { return data_->limits; }
const Timing& Flow::timing() const noexcept { return data_->timing; }
std::string_view Flow::identity() const noexcept { return data_->identity; }

std::size_t Flow::stepCount() const noexcept { return data_->stepCount; }
std::string_view Flow::stepId(std::size_t index) const { return data_->strings.at(data_->nodes.at(index).id); }
std::string_view Flow::startStep() const noexcept { return data_->strings[data_->nodes[data_->start].id]; }
std::size_t Flow::objectionCount() const noexcept { return data_->nodes.size() - data_->stepCount; }
std::string_view Flow::objectionId(std::size_t index) const {
  return data_->strings.at(data_->nodes.at(data_->stepCount + index).id);
}

std::size_t Flow::clauseCount() const noexcept { return data_->clauseIds.size(); }
std::string_view Flow::clauseId(std::size_t index) const { return data_->clauseIds.at(index); }
std::string_view Flow::clauseText(std::size_t index) const { return data_->clauseTexts.at(index); }
bool Flow::isMandatory(std::size_t clauseIndex) const { return data_->mandatory.at(clauseIndex); }

const ReplyReader& Flow::reader() const noexcept { return data_->reader; }

std::string_view toString(ActionKind kind) noexcept {
  switch (kind) {
  case ActionKind::Say: return "say";
  case ActionKind::Invoke: return "invoke";
  case ActionKind::Register: return "register";
  case ActionKind::Refuse: return "refuse";
  case ActionKind::End: return "end";
  case ActionKind::ScheduleCallback: return "schedule_callback";
  case ActionKind::Cancel: return "cancel";
  }
  return "say";
}

std::string isoTime(Millis t) {
  // Days from the civil calendar (Howard Hinnant's algorithm), so no C library clock is involved.
  const Millis seconds = t >= 0 ? t / 1000 : (t - 999) / 1000;
  Millis days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const Millis secOfDay = seconds - days * 86400;
  days += 719468;
  const Millis era = (days >= 0 ? days : days - 146096) / 146097;
  const Millis doe = days - era * 146097;
  const Millis yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const Millis doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const Millis mp = (5 * doy + 2) / 153;
  const Millis day = doy - (153 * mp + 2) / 5 + 1;
  const Millis month = mp < 10 ? mp + 3 : mp - 9;
  const Millis year = yoe + era * 400 + (month <= 2);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year, month, day, secOfDay / 3600, secOfDay / 60 % 60,
                     secOfDay % 60);
}

std::string transcriptLine(const Action& a) {
  switch (a.kind) {
  case ActionKind::Say: return fmt::format("{}{}", kAgentLabel, a.text);
  case ActionKind::Invoke: return fmt::format("[invoke {}]", a.name);
  case ActionKind::Register: return fmt::format("[register {} for {}]", a.text, a.number);
  case ActionKind::Refuse: return fmt::format("[refused: {} {}]", a.rule, a.reason);
  case ActionKind::End: return fmt::format("[end {}]", a.outcome);
  case ActionKind::ScheduleCallback:
    return fmt::format("[callback {}: {} attempt{}, from {} until {}]", a.reason, a.attempts, a.attempts == 1 ? "" : "s",
                       isoTime(a.at), isoTime(a.deadline));
  case ActionKind::Cancel: return fmt::format("[cancel {} request {}]", a.name, a.request);
  }
  return {};
}

} // namespace patter
