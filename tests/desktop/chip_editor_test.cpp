// The chip editor of set fields: typing adds chips (Enter or comma), a known name adds its id,
// the remove button takes a chip away, duplicates are ignored.
#include "chip_editor.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <catch2/catch.hpp>

namespace triad::desktop {

TEST_CASE("chips are added by Enter and comma, matched to known values and removed by their button",
          "[desktop]") {
  ChipEditor editor;
  editor.set_candidates({{"id-ana", "Ana Diaz"}, {"id-ben", "Ben Lee"}});
  editor.show();
  QSignalSpy changed(&editor, &ChipEditor::changed);

  QTest::keyClicks(editor.entry(), "ben lee");
  QTest::keyClick(editor.entry(), Qt::Key_Return);
  QTest::keyClicks(editor.entry(), "Y4-07,");
  CHECK(editor.chips() == QList<Chip>{{"id-ben", "Ben Lee"}, {"Y4-07", "Y4-07"}});
  CHECK(changed.count() == 2);

  QTest::keyClicks(editor.entry(), "Ben Lee");  // already there
  QTest::keyClick(editor.entry(), Qt::Key_Return);
  CHECK(editor.chips().size() == 2);
  CHECK(changed.count() == 2);

  const auto buttons = editor.findChildren<QToolButton*>("remove");
  QToolButton* remove_ben = nullptr;
  for (QToolButton* b : buttons)
    if (b->isVisible() && b->toolTip() == "Remove Ben Lee") remove_ben = b;
  REQUIRE(remove_ben != nullptr);
  QTest::mouseClick(remove_ben, Qt::LeftButton);
  CHECK(editor.chips() == QList<Chip>{{"Y4-07", "Y4-07"}});
  CHECK(changed.count() == 3);
}

}  // namespace triad::desktop
