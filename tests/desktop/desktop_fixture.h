// What the desktop tests share: a store in a temp folder for one teacher with a few colleagues
// (names from DOMAIN.md's sample values), the main window on it, and input helpers that type
// into a form field the way a person does (keys, Enter for a chip). UI thread only.
#pragma once

#include <QString>
#include <memory>
#include <string>

#include "main_window.h"
#include "test_support.h"
#include "triad/core/store.h"

namespace triad::desktop {

class FieldEditor;

namespace testing {

// A store for Ana Diaz at Fortismere, with Ben Lee (Fortismere) and Cara Wu (Thornden) on the
// roster.
std::unique_ptr<core::Store> make_teacher_store(const std::string& path);

// Makes a text conflict in `field` of `record`, as two laptops offline would when one of them still
// runs a Triad from before text merged: Ben's store (made at `ben_path`) merges Ana's, each writes
// its own text (Ben's as that older Triad, tests/support/older_triad.h), and the stores merge
// again (a USB stick).
void make_text_conflict(core::Store& ana, const core::RecordId& record, const std::string& field,
                        const std::string& ana_text, const std::string& ben_text,
                        const std::string& ben_path);

struct DesktopFixture {
  triad::testing::TempDir dir;
  std::string db = dir.file("ana.db");
  std::unique_ptr<MainWindow> window;

  // Opens the window on a fresh teacher store (prepared by `prepare`, if given) and shows it.
  explicit DesktopFixture(const std::function<void(core::Store&)>& prepare = nullptr,
                          std::chrono::milliseconds sync_period = MainWindow::kDefaultSyncPeriod);
  ~DesktopFixture();
  core::Store& store() { return window->store(); }
  // Sends a key sequence (Ctrl+N, Ctrl+S, F5) to the window, as typed.
  void press(const QKeySequence& keys);
};

// Types `text` into the field: keys into a line or text box; for a set, each comma-separated
// element followed by Enter; for a list of choices, picks the item.
void type_into(FieldEditor* field, const QString& text);
// Empties a line or text field as a person would (select all, delete).
void clear_field(FieldEditor* field);
// Waits (processing events) until `done` holds or `ms` pass; returns `done()`.
bool wait_until(const std::function<bool()>& done, int ms = 10000);

}  // namespace testing
}  // namespace triad::desktop
