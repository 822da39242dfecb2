/* A teacher's app in C11 over libtriad (triad.h), run by tests/integration/c_api_hub_test.cpp
 * against a real triad-hub: it creates a store, records an observation and edits it, records and
 * deletes a second one, syncs with the hub (token read from a file, never the command line),
 * reports progress, and prints what the test checks:
 *   observation ID
 *   deleted ID
 *   progress N% (sent S of T)       once per batch
 *   synced {report JSON}
 *   status {status JSON}
 * Settings come from the environment: TRIAD_TEST_STORE, TRIAD_TEST_SCHOOL, TRIAD_TEST_PERSON,
 * TRIAD_TEST_HUB, TRIAD_TEST_CA, TRIAD_TEST_TOKEN_FILE. Exits 1 with the API's message on the
 * first failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triad.h"

static const char* setting(const char* name) {
  const char* value = getenv(name);
  if (!value || !*value) {
    fprintf(stderr, "record_and_sync: %s is not set\n", name);
    exit(2);
  }
  return value;
}

/* Exits with the message when `code` is a failure. */
static void check(triad_code code, char* error, const char* what) {
  if (code == TRIAD_OK) return;
  fprintf(stderr, "record_and_sync: %s failed (%s): %s\n", what, triad_code_name(code),
          error ? error : "(no message)");
  triad_free(error);
  exit(1);
}

static char* read_token(const char* path) {
  static char token[256];
  FILE* file = fopen(path, "r");
  if (!file || !fgets(token, sizeof token, file)) {
    fprintf(stderr, "record_and_sync: cannot read the token file %s\n", path);
    exit(2);
  }
  fclose(file);
  token[strcspn(token, "\r\n")] = '\0';
  return token;
}

struct progress_seen {
  int calls;
  int last_percent;
  int went_back;
};

static void on_progress(void* context, const triad_progress* p) {
  struct progress_seen* seen = context;
  if (p->percent < seen->last_percent) seen->went_back = 1;
  seen->last_percent = p->percent;
  ++seen->calls;
  printf("progress %d%% (sent %llu of %llu, received %llu of %llu)\n", p->percent,
         (unsigned long long)p->sent, (unsigned long long)p->to_send,
         (unsigned long long)p->received, (unsigned long long)p->to_receive);
}

int main(void) {
  if (triad_api_version() < TRIAD_API_VERSION) {
    fprintf(stderr, "record_and_sync: libtriad is older than triad.h\n");
    return 1;
  }
  char* error = NULL;
  triad_store* store = NULL;
  check(triad_store_create(setting("TRIAD_TEST_STORE"), setting("TRIAD_TEST_SCHOOL"),
                           setting("TRIAD_TEST_PERSON"), &store, &error),
        error, "creating the store");

  /* A lesson of the device's own teacher: the only person a store knows before its first sync. */
  char record[512];
  snprintf(record, sizeof record,
           "{\"type\":\"observation\",\"scope\":\"alliance\",\"fields\":{"
           "\"observed_teacher\":\"%s\",\"date\":\"2026-11-30\",\"purpose\":\"peer\","
           "\"focus\":\"Wait time\","
           "\"notes\":\"Wait time after questions, about three seconds.\"}}",
           setting("TRIAD_TEST_PERSON"));
  char* id = NULL;
  check(triad_record_create(store, record, &id, &error), error, "recording the observation");
  check(triad_record_update(store, id,
                            "{\"notes\":\"Wait time after questions, about five seconds. "
                            "Pupils answered in full sentences.\"}",
                            &error),
        error, "editing the observation");
  char* json = NULL;
  check(triad_record_get(store, id, &json, &error), error, "reading the observation");
  if (!strstr(json, "about five seconds")) {
    fprintf(stderr, "record_and_sync: the edit is not in %s\n", json);
    return 1;
  }
  triad_free(json);
  printf("observation %s\n", id);

  char* mistake = NULL;
  snprintf(record, sizeof record,
           "{\"type\":\"observation\",\"scope\":\"alliance\",\"fields\":{"
           "\"observed_teacher\":\"%s\",\"notes\":\"Recorded by mistake.\"}}",
           setting("TRIAD_TEST_PERSON"));
  check(triad_record_create(store, record, &mistake, &error), error,
        "recording the second observation");
  check(triad_record_delete(store, mistake, &error), error, "deleting it");
  if (triad_record_get(store, mistake, &json, NULL) != TRIAD_NOT_FOUND) {
    fprintf(stderr, "record_and_sync: a deleted record is still found\n");
    return 1;
  }
  printf("deleted %s\n", mistake);

  check(triad_settings_set(store, "hub", setting("TRIAD_TEST_HUB"), &error), error,
        "saving the hub");
  check(triad_settings_set(store, "ca", setting("TRIAD_TEST_CA"), &error), error, "saving the CA");
  triad_sync_options options;
  memset(&options, 0, sizeof options);
  options.token = read_token(setting("TRIAD_TEST_TOKEN_FILE"));
  options.timeout_ms = 20000;
  struct progress_seen seen = {0, 0, 0};
  char* report = NULL;
  check(triad_sync(store, &options, on_progress, &seen, &report, &error), error, "syncing");
  if (seen.calls == 0 || seen.last_percent != 100 || seen.went_back) {
    fprintf(stderr, "record_and_sync: progress was reported %d times, ending at %d%%%s\n",
            seen.calls, seen.last_percent, seen.went_back ? ", and went back" : "");
    return 1;
  }
  printf("synced %s\n", report);
  triad_free(report);

  check(triad_status(store, &json, &error), error, "reading the status");
  printf("status %s\n", json);
  triad_free(json);
  triad_free(mistake);
  triad_free(id);
  triad_store_close(store);
  return 0;
}
