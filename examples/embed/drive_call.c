/* Drives one call of the 10085 data-pack campaign through the patter C API: the customer is the
 * owner and agrees. Prints the agent's lines and the outcome; exits 0 when the outcome is
 * "success", 1 for any other outcome, 2 when the flow cannot be loaded or the API fails.
 *
 *   usage: drive_call FLOW.json [PHONE]
 *
 * Build it against the installed package with CMake (CMakeLists.txt beside this file) or with
 * pkg-config: cc drive_call.c $(pkg-config --cflags --libs patter) -o drive_call
 */
#include <patter/patter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file into a malloc'd buffer; NULL on failure. */
static char* read_file(const char* path, size_t* len) {
  FILE* in = fopen(path, "rb");
  if (!in) return NULL;
  char* data = NULL;
  size_t size = 0, cap = 0, got;
  do {
    if (size == cap) {
      cap = cap ? cap * 2 : 65536;
      char* grown = realloc(data, cap);
      if (!grown) {
        free(data);
        fclose(in);
        return NULL;
      }
      data = grown;
    }
    got = fread(data + size, 1, cap - size, in);
    size += got;
  } while (got > 0);
  int failed = ferror(in);
  fclose(in);
  if (failed) {
    free(data);
    return NULL;
  }
  *len = size;
  return data;
}

/* The audit callback: a real dialer appends each line to durable storage and returns non-zero
 * when it could not (no proof, no sale); this one counts. */
static int count_audit_record(void* user, const char* line, size_t len) {
  (void)line;
  (void)len;
  ++*(unsigned*)user;
  return 0;
}

/* Prints what the session asks for. A dialer would speak SAY lines, call its host systems for
 * INVOKE and store REGISTER / SCHEDULE_CALLBACK. */
static void perform(const patter_action* actions, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    const patter_action* a = &actions[i];
    switch (a->kind) {
    case PATTER_ACTION_SAY: printf("agent: %s\n", a->text); break;
    case PATTER_ACTION_REGISTER: printf("[register %s for %s]\n", a->text, a->number); break;
    case PATTER_ACTION_REFUSE: printf("[refused: %s %s]\n", a->rule, a->reason); break;
    case PATTER_ACTION_INVOKE: printf("[invoke %s]\n", a->name); break;
    case PATTER_ACTION_END: printf("[end %s]\n", a->outcome); break;
    default: printf("[%s]\n", a->kind_name); break;
    }
  }
}

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s FLOW.json [PHONE]\n", argv[0]);
    return 2;
  }
  const char* phone = argc == 3 ? argv[2] : "13512347754";
  /* The success path of examples/data_pack_10.patter: owner, agrees, confirms. */
  static const char* const replies[] = {"是的,我是", "好的", "是的,办理吧"};
  const size_t reply_count = sizeof replies / sizeof replies[0];

  size_t len = 0;
  char* json = read_file(argv[1], &len);
  if (!json) {
    fprintf(stderr, "drive_call: cannot read %s\n", argv[1]);
    return 2;
  }
  printf("patter %s\n", patter_version());

  patter_flow* flow = NULL;
  char* error = NULL;
  patter_status status = patter_flow_load(json, len, &flow, &error);
  free(json);
  if (status != PATTER_OK) {
    fprintf(stderr, "drive_call: %s: %s\n", argv[1], error ? error : patter_status_string(status));
    patter_string_free(error);
    return 2;
  }

  unsigned audit_records = 0;
  patter_session_options options;
  memset(&options, 0, sizeof options);
  options.session_id = "drive_call-1";
  options.audit = count_audit_record;
  options.audit_user = &audit_records;
  patter_session* call = NULL;
  status = patter_session_new(flow, phone, &options, &call, &error);
  if (status != PATTER_OK) {
    fprintf(stderr, "drive_call: %s\n", error ? error : patter_status_string(status));
    patter_string_free(error);
    patter_flow_free(flow);
    return 2;
  }

  /* The dialer owns the clock: milliseconds since the epoch, here a fixed start plus 5 s a turn. */
  int64_t now = 1700000000000;
  const patter_action* actions = NULL;
  size_t count = 0;
  status = patter_session_start(call, now, &actions, &count);
  if (status == PATTER_OK) perform(actions, count);
  for (size_t i = 0; status == PATTER_OK && i < reply_count && !patter_session_finished(call); ++i) {
    now += 5000;
    printf("customer: %s\n", replies[i]);
    status = patter_session_feed_text(call, replies[i], strlen(replies[i]), now, &actions, &count);
    if (status == PATTER_OK) perform(actions, count);
  }
  if (status == PATTER_OK && !patter_session_finished(call)) {
    /* The replies ran out: the customer hangs up. */
    patter_event_info hangup = {now + 5000, PATTER_NO_TIME, 0};
    status = patter_session_feed_event(call, "hangup", &hangup, &actions, &count);
    if (status == PATTER_OK) perform(actions, count);
  }
  if (status != PATTER_OK) {
    fprintf(stderr, "drive_call: %s: %s\n", patter_status_string(status), patter_session_error(call));
    patter_session_free(call);
    patter_flow_free(flow);
    return 2;
  }

  const int success = strcmp(patter_session_outcome(call), "success") == 0;
  printf("outcome: %s\n", patter_session_outcome(call));
  printf("audit records: %u\n", audit_records);
  patter_session_free(call);
  patter_flow_free(flow);
  return success ? 0 : 1;
}
