// The editor of a set field (members, observers, targeted pupils, tags): each element is a chip
// (its label and a remove button), and a line edit adds new ones on Enter or comma, completing
// from known values (people's names, codes and tags already used). UI thread only.
#pragma once

#include <QLineEdit>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QCompleter;
class QStringListModel;

namespace triad::desktop {

class FlowLayout;

// One element of a set: the stored value (a person's id, a pupil code) and how it reads.
struct Chip {
  QString value;
  QString label;
  bool operator==(const Chip&) const = default;
};

class ChipEditor : public QWidget {
  Q_OBJECT
 public:
  explicit ChipEditor(QWidget* parent = nullptr);

  // Known values offered while typing; a typed label that matches one exactly adds its value.
  void set_candidates(const QList<Chip>& candidates);
  void set_chips(const QList<Chip>& chips);
  const QList<Chip>& chips() const { return chips_; }
  // Adds what is typed (trimmed; split at commas); duplicates of a present chip are ignored.
  void add_text(const QString& text);
  void remove_chip(int index);
  // The line edit where new elements are typed (also its placeholder).
  QLineEdit* entry() const { return entry_; }

 signals:
  void changed();

 private:
  void rebuild();
  Chip chip_for(const QString& typed) const;

  QList<Chip> chips_;
  QList<Chip> candidates_;
  FlowLayout* flow_;
  QLineEdit* entry_;
  QStringListModel* completion_model_;
};

}  // namespace triad::desktop
