#pragma once

#include <string>
#include <string_view>

namespace lookahead::test {

/// One gzip member holding `text`, compressed with zlib here so that tests need no fixture.
std::string gzipMember(std::string_view text);

} // namespace lookahead::test
