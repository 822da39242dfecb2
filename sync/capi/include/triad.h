/* triad.h: Triad's C API, for apps that embed the engine without C++ (Swift, Kotlin through
 * JNI, Python through ctypes, C). It is a thin layer over the same libraries the `triad` CLI uses:
 * the rules, merges and sync are theirs, nothing is decided here.
 *
 * Conventions, for every function:
 * - Strings in and out are UTF-8 and NUL-terminated. Records, fields, conflicts, refusals and
 *   status go in and out as JSON text (the forms are given at each function).
 * - A function that can fail returns a triad_code and takes `char** error` last: on failure, when
 *   `error` is not NULL, *error is set to a message a person can act on ("the field 'focus' ...")
 *   that the caller owns and frees with triad_free. On success *error is left untouched. Pass NULL
 *   to ignore messages.
 * - Every `char**` out-parameter other than `error` receives, on success only, a string the caller
 *   owns and frees with triad_free; on failure it is left untouched.
 * - No C++ exception ever crosses this API: one that escapes the engine is caught and returned
 *   as TRIAD_INTERNAL (TRIAD_OUT_OF_MEMORY for an allocation failure).
 * - Threads: a triad_store handle is used by one thread at a time (calls on one handle from two
 *   threads at once must be serialised by the caller). Different handles may be used from
 *   different threads at once, on the same store file too: each has its own SQLite connection,
 *   and a writer waits for another for up to five seconds, then gets TRIAD_BUSY. Functions that
 *   take no handle (triad_free, triad_api_version, triad_version, triad_code_name) are
 *   thread-safe.
 *
 * A short example (error handling shortened):
 *
 *   triad_store* store = NULL;
 *   char* error = NULL;
 *   if (triad_store_create("/data/triad.db", "Fortismere", "Ana Diaz", &store, &error)) {
 *     fprintf(stderr, "%s\n", error);
 *     triad_free(error);
 *     return 1;
 *   }
 *   char* id = NULL;
 *   triad_record_create(store,
 *       "{\"type\":\"observation\",\"fields\":{\"date\":\"2026-11-30\",\"notes\":\"Wait time.\"}}",
 *       &id, NULL);
 *   triad_settings_set(store, "hub", "hub.example.org:7400", NULL);
 *   triad_sync_options options = {0};
 *   options.token = token_from_the_keychain;
 *   triad_sync(store, &options, NULL, NULL, NULL, &error);
 *   triad_free(id);
 *   triad_store_close(store);
 */
#ifndef TRIAD_H_
#define TRIAD_H_

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define TRIAD_EXPORT __declspec(dllexport)
#else
#define TRIAD_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this API. It grows by one when a function or a field is added; a program built
 * against version N runs with a library of version N or later. */
#define TRIAD_API_VERSION 1

/* What a call returned. The codes tell a caller what to do next. */
typedef enum triad_code {
  TRIAD_OK = 0,
  TRIAD_INVALID_ARGUMENT = 1, /* bad input (a field, a JSON text, a NULL): fix it, do not retry */
  TRIAD_NOT_FOUND = 2,        /* no such record, store or setting */
  TRIAD_FAILED_PRECONDITION =
      3,                     /* refused by a rule (sharing, a newer store): change state first */
  TRIAD_CLOCK_AHEAD = 4,     /* a peer's clock is too far ahead of this device's */
  TRIAD_BUSY = 5,            /* another process holds the store or its sync: retry later */
  TRIAD_STORE_ERROR = 6,     /* SQLite or file I/O failed: retry, then report */
  TRIAD_CORRUPT = 7,         /* the store or a record is damaged: restore from a backup */
  TRIAD_UNAVAILABLE = 8,     /* the hub cannot be reached now: retry later */
  TRIAD_UNAUTHENTICATED = 9, /* the hub refuses the device token: get a new one */
  TRIAD_OUT_OF_MEMORY = 10,
  TRIAD_INTERNAL = 11 /* a defect in Triad: please report it with the message */
} triad_code;

/* A store: one device's complete local copy of the alliance records it may see, in one SQLite
 * file. Opaque; made by triad_store_create or triad_store_open, freed by triad_store_close. */
typedef struct triad_store triad_store;

/* TRIAD_API_VERSION of the library loaded at run time. Thread-safe. */
TRIAD_EXPORT int triad_api_version(void);
/* "triad 0.1.0": the engine's version. Static storage: do not free. Thread-safe. */
TRIAD_EXPORT const char* triad_version(void);
/* "invalid argument", "not found", ...: the code in words. Static storage: do not free. */
TRIAD_EXPORT const char* triad_code_name(triad_code code);
/* Frees a string this API returned. NULL is ignored. Thread-safe. */
TRIAD_EXPORT void triad_free(void* pointer);

/* ---- Stores ------------------------------------------------------------------------------- */

/* Creates a new store at `path` for `person` of `school` (the names as the hub's roster has them)
 * and sets *store. The file is made with mode 0600, missing folders with 0700.
 * TRIAD_FAILED_PRECONDITION when a file exists there. */
TRIAD_EXPORT triad_code triad_store_create(const char* path, const char* school, const char* person,
                                           triad_store** store, char** error);
/* Opens the store at `path`, upgrading an older format in place, and sets *store.
 * TRIAD_NOT_FOUND when there is none, TRIAD_CORRUPT when it is not a Triad store,
 * TRIAD_FAILED_PRECONDITION when a newer Triad wrote it (it is left untouched). */
TRIAD_EXPORT triad_code triad_store_open(const char* path, triad_store** store, char** error);
/* Closes the store and frees the handle. NULL is ignored. Not while a call on it is running. */
TRIAD_EXPORT void triad_store_close(triad_store* store);

/* The store's state as a JSON object:
 *   {"school": "Fortismere", "person": "Ana Diaz", "device": "9f3a...",
 *    "records": {"observation": 12, ...}, "unsent_changes": 3, "conflicts": 1,
 *    "refusals": 0, "last_sync_ms": 1764547200000 (0: never synced)}
 * into *json. */
TRIAD_EXPORT triad_code triad_status(triad_store* store, char** json, char** error);

/* ---- Records ------------------------------------------------------------------------------ */

/* Creates a record from a JSON object and sets *id to its id (32 hex digits):
 *   {"type": "observation", "scope": "school",
 *    "fields": {"date": "2026-11-30", "notes": "...", "participants": ["Ben Lee"]}}
 * "scope" (private, participants, school, alliance) may be left out for the type's default.
 * Field values are strings; a set field takes an array of strings (its whole contents); a
 * reference takes an id or the name of the record. The record types and their fields are those
 * of `triad types`. TRIAD_INVALID_ARGUMENT names the field and what is wrong with it;
 * TRIAD_FAILED_PRECONDITION when the sharing rules do not let this person write it. */
TRIAD_EXPORT triad_code triad_record_create(triad_store* store, const char* record_json, char** id,
                                            char** error);
/* Edits a record: `fields_json` is an object of the fields to change, as for triad_record_create
 * ("" clears a field; a set's array replaces its contents); "scope" may widen who sees it. Text
 * fields that merge take the whole new text: the change is found and merged character by
 * character with what others wrote meanwhile. TRIAD_NOT_FOUND for an unknown or deleted record. */
TRIAD_EXPORT triad_code triad_record_update(triad_store* store, const char* id,
                                            const char* fields_json, char** error);
/* Deletes a record and its child records; their field values are purged from the store file.
 * Deleting a record already deleted does nothing; TRIAD_NOT_FOUND for an unknown one. */
TRIAD_EXPORT triad_code triad_record_delete(triad_store* store, const char* id, char** error);
/* The record as a JSON object into *json (the form `triad get --json` prints: "id", "type",
 * "parent" when it has one, "school", "author", "scope", "fields", and "conflicts" when a field
 * holds concurrent values). TRIAD_NOT_FOUND for an unknown or deleted record. */
TRIAD_EXPORT triad_code triad_record_get(triad_store* store, const char* id, char** json,
                                         char** error);
/* The live records of `type` ("" or NULL: of every type) as a JSON array of such objects. */
TRIAD_EXPORT triad_code triad_records_list(triad_store* store, const char* type, char** json,
                                           char** error);

/* ---- Conflicts and refusals --------------------------------------------------------------- */

/* Fields edited concurrently whose values could not be merged, as a JSON array:
 *   [{"record": ID, "type": "observation", "field": "focus",
 *     "versions": [{"value": "...", "written_at_ms": ..., "device": "9f3a...",
 *                   "who": "Ana Diaz", "kept": true},
 *                  {"value": "...", "written_at_ms": ..., "device": "41c0...",
 *                   "who": "Ben Lee", "kept": false}]}]
 * The version kept for now comes first. "who" names the person whose record lists the device
 * that wrote it ("" when none does yet: a device adds itself at its first sync). */
TRIAD_EXPORT triad_code triad_conflicts(triad_store* store, char** json, char** error);
/* Ends the conflict on `field` of record `id` with `value` (one of the versions, or a merged
 * text); NULL keeps the version kept for now. Every device takes the resolution at its next sync.
 */
TRIAD_EXPORT triad_code triad_conflict_resolve(triad_store* store, const char* id,
                                               const char* field, const char* value, char** error);
/* Changes of this device that the hub refused, as a JSON array:
 *   [{"record": ID, "reason": "...", "at_ms": ..., "discarding": false}]
 * They are offered again at every sync until fixed (triad_record_update) or discarded. */
TRIAD_EXPORT triad_code triad_refusals(triad_store* store, char** json, char** error);
/* Gives up this device's refused change of record `id`: at the next sync the hub's state of the
 * record replaces it. TRIAD_NOT_FOUND when the record has no refused change. */
TRIAD_EXPORT triad_code triad_refusal_discard(triad_store* store, const char* id, char** error);

/* ---- Sync --------------------------------------------------------------------------------- */

/* Saves a sync setting in the store: "hub" (HOST:PORT, or several separated by commas, tried in
 * order), "ca" (a PEM file the hub's certificate is checked against) or "insecure-plaintext"
 * ("yes" for plain TCP, only for tests on one machine). "" clears it. The device token is not a
 * setting: keep it in the platform's keychain and give it to triad_sync, or save it once with
 * triad_token_save. TRIAD_INVALID_ARGUMENT says what is wrong with the value. */
TRIAD_EXPORT triad_code triad_settings_set(triad_store* store, const char* name, const char* value,
                                           char** error);
/* Saves the device token (ID.SECRET, as the hub's admin handed it over) for this store in the
 * user's credentials file ($XDG_CONFIG_HOME/triad/credentials, mode 0600), never in the store,
 * as `triad config token` does. For platforms without a keychain. */
TRIAD_EXPORT triad_code triad_token_save(triad_store* store, const char* token, char** error);

/* How far a sync has come, given to the progress callback after every batch. The totals are the
 * changes to send and to receive when the sync began (counted in change numbers, so a record
 * changed three times counts up to three); `to_receive` is 0 until the hub has answered, and
 * stays 0 with a hub older than this API. */
typedef struct triad_progress {
  uint64_t sent;       /* records sent so far */
  uint64_t received;   /* records received so far */
  uint64_t to_send;    /* changes this device had to send */
  uint64_t to_receive; /* changes the hub had for this device */
  int percent;         /* 0..100, over both directions */
} triad_progress;

/* Called on the syncing thread after every batch; must return quickly and must not call into
 * the same store. `context` is triad_sync's. */
typedef void (*triad_progress_fn)(void* context, const triad_progress* progress);

typedef struct triad_sync_options {
  const char* token; /* the device token; NULL: the one saved with triad_token_save */
  const char* hub;   /* HOST:PORT[,HOST:PORT...]; NULL: the saved "hub" setting */
  const char* ca;    /* a PEM file; NULL: the saved "ca" setting, else the system's CAs */
  int timeout_ms;    /* per network step; 0: 30 seconds */
} triad_sync_options;

/* Syncs with the alliance's hub: sends this device's changes, receives everyone's it may see.
 * Blocks until done; run it off the UI thread. `options` may be NULL (the saved settings),
 * `progress` NULL. On success *report (if not NULL) is set to a JSON object:
 *   {"hub": "hub.example.org:7400", "alliance": "...", "sent": 3, "received": 12, "changed": 10,
 *    "refused": 0, "refused_here": 0, "notes": ["..."]}
 * Failures say why in words: TRIAD_UNAVAILABLE (no hub answered, its certificate could not be
 * checked), TRIAD_UNAUTHENTICATED (the token is unknown or revoked), TRIAD_INVALID_ARGUMENT (no
 * hub or token set), TRIAD_BUSY (another sync of this store is running). */
TRIAD_EXPORT triad_code triad_sync(triad_store* store, const triad_sync_options* options,
                                   triad_progress_fn progress, void* context, char** report,
                                   char** error);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TRIAD_H_ */
