// Population storage: one std::vector per attribute (structure of arrays), indexed by agent id.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "core/huge_pages.hpp"
#include "core/types.hpp"

namespace pathways {

/// Columns are created by the modules that own them and found by name by modules that read them;
/// the lookup happens once at initialisation, hot loops then index the vector directly. Agents
/// are only ever appended, never removed, so an agent id is valid for the whole run.
class Population {
 public:
  Population() { alive_ = &column<std::uint8_t>("core.alive", 0); }

  /// The column `name` of element type T, created (filled with `init`) if it does not exist.
  template <class T>
  std::vector<T>& column(std::string_view name, T init = T{}) {
    for (auto& c : columns_) {
      if (c->name == name) {
        auto* typed = dynamic_cast<Column<T>*>(c.get());
        if (!typed) throw std::logic_error("population column '" + std::string(name) + "' has another type");
        return typed->data;
      }
    }
    auto col = std::make_unique<Column<T>>();
    col->name = std::string(name);
    col->init = init;
    col->data.assign(size_, init);
    auto& ref = col->data;
    columns_.push_back(std::move(col));
    return ref;
  }

  /// Appends n agents (alive, every column at its initial value); returns the first new id.
  AgentId append(std::size_t n) {
    const std::size_t first = size_;
    size_ += n;
    for (auto& c : columns_) {
      const char* before = c->base();
      c->resize(size_);
      if (c->base() != before) advise_huge_pages(c->base(), c->capacity_bytes());
    }
    for (std::size_t i = first; i < size_; ++i) (*alive_)[i] = 1;
    return static_cast<AgentId>(first);
  }

  std::size_t size() const { return size_; }
  bool alive(AgentId a) const { return (*alive_)[a] != 0; }
  void mark_dead(AgentId a) { (*alive_)[a] = 0; }
  std::size_t bytes_per_agent() const {
    std::size_t b = 0;
    for (const auto& c : columns_) b += c->element_bytes();
    return b;
  }

 private:
  struct ColumnBase {
    std::string name;
    virtual ~ColumnBase() = default;
    virtual void resize(std::size_t n) = 0;
    virtual std::size_t element_bytes() const = 0;
    virtual const char* base() const = 0;
    virtual std::size_t capacity_bytes() const = 0;
  };
  template <class T>
  struct Column final : ColumnBase {
    std::vector<T> data;
    T init{};
    void resize(std::size_t n) override { data.resize(n, init); }
    std::size_t element_bytes() const override { return sizeof(T); }
    const char* base() const override { return reinterpret_cast<const char*>(data.data()); }
    std::size_t capacity_bytes() const override { return data.capacity() * sizeof(T); }
  };

  std::vector<std::unique_ptr<ColumnBase>> columns_;
  std::vector<std::uint8_t>* alive_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace pathways
