// Population storage: one record per agent holding every attribute, each attribute a named column.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "core/huge_pages.hpp"
#include "core/prefetch.hpp"
#include "core/types.hpp"

namespace pathways {

/// Where a column's elements are: the first agent's element and the distance between agents.
/// Population rebinds it when agents are appended or a column is added.
class ColumnLayout {
 public:
  virtual ~ColumnLayout() = default;
  std::size_t size() const { return size_; }

 protected:
  std::byte* base_ = nullptr;
  std::size_t stride_ = 0;
  std::size_t size_ = 0;

 private:
  friend class Population;
};

/// One attribute of every agent: column[a] is agent a's value. A column lives as long as its
/// Population and never moves, so modules keep a pointer to it; its elements move when agents are
/// appended or a column is added, so do not keep references to elements across those.
template <class T>
class Column final : public ColumnLayout {
  static_assert(std::is_trivially_copyable_v<T>, "population columns hold plain values");
  static_assert(alignof(T) <= 64, "records are allocated on 64-byte boundaries");

 public:
  T& operator[](std::size_t a) {
    assert(a < size_);
    return *std::launder(reinterpret_cast<T*>(base_ + a * stride_));
  }
  const T& operator[](std::size_t a) const {
    assert(a < size_);
    return *std::launder(reinterpret_cast<const T*>(base_ + a * stride_));
  }
};

/// Columns are created by the modules that own them and found by name by modules that read them;
/// the lookup happens once at initialisation, hot code then indexes the column directly. Agents
/// are only ever appended, never removed, so an agent id is valid for the whole run.
///
/// All columns of one agent sit side by side in one record (array of structures), not one array per
/// column: an event reads and writes a dozen attributes of its agent (and of its partners), and with
/// an array per column each was a cache miss of its own at national scale; in one record of about
/// 160 bytes they share three cache lines. Whole-population passes (a few per simulated year) read
/// more memory this way, which costs far less than the misses saved. Columns are laid out by
/// alignment, largest first, so the record has no padding inside.
class Population {
 public:
  Population() { alive_ = &column<std::uint8_t>("core.alive", 0); }
  Population(const Population&) = delete;
  Population& operator=(const Population&) = delete;
  Population(Population&&) = default;
  Population& operator=(Population&&) = default;

  /// The column `name` of element type T, created (filled with `init`) if it does not exist.
  template <class T>
  Column<T>& column(std::string_view name, T init = T{}) {
    for (auto& c : columns_) {
      if (c.name == name) {
        if (*c.type != typeid(T))
          throw std::logic_error("population column '" + std::string(name) + "' has another type");
        return static_cast<Column<T>&>(*c.view);
      }
    }
    Slot s;
    s.name = std::string(name);
    s.type = &typeid(T);
    s.bytes = sizeof(T);
    s.align = alignof(T);
    s.init.resize(sizeof(T));
    std::memcpy(s.init.data(), &init, sizeof(T));
    auto view = std::make_unique<Column<T>>();
    Column<T>& ref = *view;
    s.view = std::move(view);
    columns_.push_back(std::move(s));
    relayout();
    return ref;
  }

  /// Appends n agents (alive, every column at its initial value); returns the first new id.
  AgentId append(std::size_t n) {
    const std::size_t first = size_;
    grow_to(size_ + n);
    for (std::size_t i = first; i < first + n; ++i) std::memcpy(row(i), blank_.data(), stride_);
    size_ += n;
    rebind();
    for (std::size_t i = first; i < size_; ++i) (*alive_)[i] = 1;
    return static_cast<AgentId>(first);
  }

  std::size_t size() const { return size_; }
  /// Makes room for n agents in all, so that appending up to n moves no record. Memory the kernel
  /// has not been asked to touch costs nothing, so a generous estimate is cheap; a reallocation
  /// holds the old and the new records at once (the peak of a national run).
  void reserve(std::size_t n) { grow_to(n); }
  bool alive(AgentId a) const { return (*alive_)[a] != 0; }
  void mark_dead(AgentId a) { (*alive_)[a] = 0; }
  /// Starts loading agent a's record into the cache (a hint).
  void prefetch(AgentId a) const { prefetch_range(records_.get() + a * stride_, stride_); }
  /// Bytes of one agent's record: every column, with the padding that keeps them aligned.
  std::size_t bytes_per_agent() const { return stride_; }

 private:
  struct Slot {
    std::string name;
    const std::type_info* type = nullptr;
    std::size_t bytes = 0, align = 1, offset = 0;
    std::vector<std::byte> init;  ///< the initial value's bytes
    std::unique_ptr<ColumnLayout> view;
  };
  struct FreeRecords {
    void operator()(std::byte* p) const { std::free(p); }
  };
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;

  std::byte* row(std::size_t a) { return records_.get() + a * stride_; }

  // Offsets by alignment, largest first (then in creation order), so no padding is needed inside the
  // record; the stride is rounded up to the largest alignment. Existing agents are copied over.
  void relayout() {
    std::vector<std::size_t> order(columns_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [this](std::size_t a, std::size_t b) { return columns_[a].align > columns_[b].align; });
    std::vector<std::size_t> old_offsets(columns_.size());
    for (std::size_t i = 0; i < columns_.size(); ++i) old_offsets[i] = columns_[i].offset;
    std::size_t offset = 0, max_align = 1;
    for (std::size_t i : order) {
      offset = (offset + columns_[i].align - 1) / columns_[i].align * columns_[i].align;
      columns_[i].offset = offset;
      offset += columns_[i].bytes;
      max_align = std::max(max_align, columns_[i].align);
    }
    const std::size_t old_stride = stride_;
    stride_ = (offset + max_align - 1) / max_align * max_align;
    blank_.assign(stride_, std::byte{0});
    for (const Slot& c : columns_) std::memcpy(blank_.data() + c.offset, c.init.data(), c.bytes);
    // Agents already there keep their values; the new column (the last one) gets its initial value.
    std::unique_ptr<std::byte[], FreeRecords> old = std::move(records_);
    capacity_ = 0;
    grow_to(size_);
    for (std::size_t a = 0; a < size_; ++a) {
      std::byte* to = row(a);
      std::memcpy(to, blank_.data(), stride_);
      for (std::size_t i = 0; i + 1 < columns_.size(); ++i)
        std::memcpy(to + columns_[i].offset, old.get() + a * old_stride + old_offsets[i], columns_[i].bytes);
    }
    rebind();
  }

  // Room for n agents, growing by half again (as a vector would) into one allocation of whole huge
  // pages (see huge_pages.hpp).
  void grow_to(std::size_t n) {
    if (n <= capacity_ && records_) return;
    // More agents than memory can address: refuse rather than let agents * stride_ wrap around to a
    // small allocation that appends would then write past.
    if (n > std::numeric_limits<std::size_t>::max() / 2 / stride_) throw std::bad_alloc();
    const std::size_t agents = std::max({n, capacity_ + capacity_ / 2, std::size_t{64}});
    std::size_t bytes = std::max<std::size_t>(agents * stride_, 64);
    const std::size_t align = bytes >= kHugePage ? kHugePage : 64;
    bytes = (bytes + align - 1) / align * align;
    auto* p = static_cast<std::byte*>(std::aligned_alloc(align, bytes));
    if (!p) throw std::bad_alloc();
    if (align == kHugePage) advise_huge_pages(p, bytes);
    if (records_ && size_ > 0) std::memcpy(p, records_.get(), size_ * stride_);
    records_.reset(p);
    capacity_ = bytes / stride_;
    rebind();
  }

  void rebind() {
    for (Slot& c : columns_) {
      c.view->base_ = records_ ? records_.get() + c.offset : nullptr;
      c.view->stride_ = stride_;
      c.view->size_ = size_;
    }
  }

  std::vector<Slot> columns_;
  std::unique_ptr<std::byte[], FreeRecords> records_;
  std::vector<std::byte> blank_;  ///< a new agent's record: every column at its initial value
  std::size_t stride_ = 0;
  std::size_t capacity_ = 0;  ///< agents the records have room for
  std::size_t size_ = 0;
  Column<std::uint8_t>* alive_ = nullptr;
};

}  // namespace pathways
