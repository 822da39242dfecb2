#include "flow_layout.h"

#include <QWidget>

namespace triad::desktop {

FlowLayout::FlowLayout(QWidget* parent, int spacing) : QLayout(parent), spacing_(spacing) {
  setContentsMargins(0, 0, 0, 0);
}

FlowLayout::~FlowLayout() {
  while (QLayoutItem* item = takeAt(0)) delete item;
}

void FlowLayout::addItem(QLayoutItem* item) { items_.append(item); }

QLayoutItem* FlowLayout::takeAt(int index) {
  return index >= 0 && index < items_.size() ? items_.takeAt(index) : nullptr;
}

QSize FlowLayout::minimumSize() const {
  QSize size;
  for (const QLayoutItem* item : items_) size = size.expandedTo(item->minimumSize());
  const QMargins m = contentsMargins();
  return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

void FlowLayout::setGeometry(const QRect& rect) {
  QLayout::setGeometry(rect);
  arrange(rect, true);
}

int FlowLayout::arrange(const QRect& rect, bool apply) const {
  const QRect area = rect.marginsRemoved(contentsMargins());
  int x = area.x(), y = area.y(), line_height = 0;
  for (QLayoutItem* item : items_) {
    if (item->widget() && !item->widget()->isVisibleTo(parentWidget())) continue;
    const QSize hint = item->sizeHint();
    if (x + hint.width() > area.right() + 1 && line_height > 0) {
      x = area.x();
      y += line_height + spacing_;
      line_height = 0;
    }
    if (apply) item->setGeometry(QRect(QPoint(x, y), hint));
    x += hint.width() + spacing_;
    line_height = std::max(line_height, hint.height());
  }
  const QMargins m = contentsMargins();
  return y + line_height - rect.y() + m.bottom();
}

}  // namespace triad::desktop
