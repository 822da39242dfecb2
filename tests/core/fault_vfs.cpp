#include "fault_vfs.h"

#include <sqlite3.h>

#include <cstring>

namespace triad::testing {

namespace {

sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;
int g_countdown = 0;
bool g_injected = false;
bool g_disk_full = false;
int g_syncs = 0;  // fsyncs asked of the real VFS

struct FaultFile {
  sqlite3_file base;  // must be first: SQLite sees a FaultFile as a sqlite3_file
  sqlite3_file* real;
};

bool should_fail() {
  if (g_countdown <= 0) return false;
  if (--g_countdown > 0) return false;
  g_injected = true;
  return true;
}

sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f)->real; }

int x_close(sqlite3_file* f) {
  sqlite3_file* real = real_of(f);
  const int rc = real->pMethods ? real->pMethods->xClose(real) : SQLITE_OK;
  sqlite3_free(real);
  return rc;
}
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  if (!g_disk_full && should_fail()) return SQLITE_IOERR_READ;
  return real_of(f)->pMethods->xRead(real_of(f), buf, n, off);
}
int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  if (should_fail()) return g_disk_full ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  return real_of(f)->pMethods->xWrite(real_of(f), buf, n, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (!g_disk_full && should_fail()) return SQLITE_IOERR_TRUNCATE;
  return real_of(f)->pMethods->xTruncate(real_of(f), size);
}
int x_sync(sqlite3_file* f, int flags) {
  ++g_syncs;
  if (!g_disk_full && should_fail()) return SQLITE_IOERR_FSYNC;
  return real_of(f)->pMethods->xSync(real_of(f), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  return real_of(f)->pMethods->xFileSize(real_of(f), size);
}
int x_lock(sqlite3_file* f, int l) { return real_of(f)->pMethods->xLock(real_of(f), l); }
int x_unlock(sqlite3_file* f, int l) { return real_of(f)->pMethods->xUnlock(real_of(f), l); }
int x_check_lock(sqlite3_file* f, int* out) {
  return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
int x_control(sqlite3_file* f, int op, void* arg) {
  return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
int x_sector(sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
int x_device(sqlite3_file* f) { return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f)); }
int x_shm_map(sqlite3_file* f, int pg, int sz, int extend, void volatile** p) {
  return real_of(f)->pMethods->xShmMap(real_of(f), pg, sz, extend, p);
}
int x_shm_lock(sqlite3_file* f, int off, int n, int flags) {
  return real_of(f)->pMethods->xShmLock(real_of(f), off, n, flags);
}
void x_shm_barrier(sqlite3_file* f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }
int x_shm_unmap(sqlite3_file* f, int del) {
  return real_of(f)->pMethods->xShmUnmap(real_of(f), del);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 off, int amt, void** pp) {
  return real_of(f)->pMethods->xFetch(real_of(f), off, amt, pp);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
  return real_of(f)->pMethods->xUnfetch(real_of(f), off, p);
}

const sqlite3_io_methods kMethods = {
    3,          x_close,       x_read,       x_write,   x_truncate, x_sync,   x_file_size,
    x_lock,     x_unlock,      x_check_lock, x_control, x_sector,   x_device, x_shm_map,
    x_shm_lock, x_shm_barrier, x_shm_unmap,  x_fetch,   x_unfetch};

int x_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  auto* f = reinterpret_cast<FaultFile*>(file);
  f->base.pMethods = nullptr;
  f->real = static_cast<sqlite3_file*>(sqlite3_malloc(g_real->szOsFile));
  std::memset(f->real, 0, g_real->szOsFile);
  const int rc = g_real->xOpen(g_real, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    sqlite3_free(f->real);
    return rc;
  }
  f->base.pMethods = &kMethods;
  return SQLITE_OK;
}

int x_delete(sqlite3_vfs*, const char* name, int sync) {
  return g_real->xDelete(g_real, name, sync);
}
int x_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_real->xAccess(g_real, name, flags, out);
}
int x_full_path(sqlite3_vfs*, const char* name, int n, char* out) {
  return g_real->xFullPathname(g_real, name, n, out);
}
void* x_dl_open(sqlite3_vfs*, const char* f) { return g_real->xDlOpen(g_real, f); }
void x_dl_error(sqlite3_vfs*, int n, char* msg) { g_real->xDlError(g_real, n, msg); }
void (*x_dl_sym(sqlite3_vfs*, void* h, const char* s))(void) {
  return g_real->xDlSym(g_real, h, s);
}
void x_dl_close(sqlite3_vfs*, void* h) { g_real->xDlClose(g_real, h); }
int x_randomness(sqlite3_vfs*, int n, char* out) { return g_real->xRandomness(g_real, n, out); }
int x_sleep(sqlite3_vfs*, int us) { return g_real->xSleep(g_real, us); }
int x_current_time(sqlite3_vfs*, double* t) { return g_real->xCurrentTime(g_real, t); }
int x_last_error(sqlite3_vfs*, int n, char* msg) { return g_real->xGetLastError(g_real, n, msg); }
int x_current_time64(sqlite3_vfs*, sqlite3_int64* t) {
  return g_real->xCurrentTimeInt64(g_real, t);
}

}  // namespace

void install_fault_vfs() {
  if (g_real) return;
  g_real = sqlite3_vfs_find(nullptr);
  g_vfs = sqlite3_vfs{1,
                      static_cast<int>(sizeof(FaultFile)),
                      g_real->mxPathname,
                      nullptr,
                      "triad-fault",
                      nullptr,
                      x_open,
                      x_delete,
                      x_access,
                      x_full_path,
                      x_dl_open,
                      x_dl_error,
                      x_dl_sym,
                      x_dl_close,
                      x_randomness,
                      x_sleep,
                      x_current_time,
                      x_last_error,
                      nullptr,
                      nullptr,
                      nullptr,
                      nullptr};
  g_vfs.iVersion = 2;
  g_vfs.xCurrentTimeInt64 = x_current_time64;
  sqlite3_vfs_register(&g_vfs, 1);
}

void fail_file_operation(int n, bool disk_full) {
  g_countdown = n;
  g_injected = false;
  g_disk_full = disk_full;
}

bool fault_injected() { return g_injected; }

int syncs_so_far() { return g_syncs; }

}  // namespace triad::testing
