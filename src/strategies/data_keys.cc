// Data key syntax, sizes and immutability for ConfigMaps and Secrets.
#include "strategies/data_keys.h"

#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {

void ValidateDataKeys(const Json& obj, std::string_view field, Causes& causes) {
  const Json* data = ObjectAt(obj, field);
  if (data == nullptr) return;
  for (auto it = data->begin(); it != data->end(); ++it) {
    AddInvalid(causes, Key(field, it.key()), Json(it.key()),
               apimachinery::IsConfigMapKey(it.key()));
  }
}

size_t Base64DecodedSize(std::string_view value) {
  while (!value.empty() && value.back() == '=') value.remove_suffix(1);
  return value.size() * 3 / 4;
}

std::string Base64Encode(std::string_view raw) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((raw.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < raw.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(raw[i]) << 16) | (static_cast<uint8_t>(raw[i + 1]) << 8) |
                 static_cast<uint8_t>(raw[i + 2]);
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63],
            kAlphabet[n & 63]};
  }
  if (i + 1 == raw.size()) {
    uint32_t n = static_cast<uint8_t>(raw[i]) << 16;
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == raw.size()) {
    uint32_t n = (static_cast<uint8_t>(raw[i]) << 16) | (static_cast<uint8_t>(raw[i + 1]) << 8);
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

void ValidateImmutableData(const Json& obj, const Json& old,
                           std::initializer_list<std::string_view> fields, Causes& causes) {
  if (!Bool(old, "immutable").value_or(false)) return;
  constexpr const char* kMessage = "field is immutable when `immutable` is set";
  if (!Bool(obj, "immutable").value_or(false)) {
    causes.push_back(apimachinery::FieldForbidden("immutable", kMessage));
  }
  for (std::string_view field : fields) {
    if (ValueOr(obj, field) != ValueOr(old, field)) {
      causes.push_back(apimachinery::FieldForbidden(field, kMessage));
    }
  }
}

}  // namespace wisp::strategies
