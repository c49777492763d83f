// zlib compression of deploy output, so full logs fit in the ledger.
#include "ledger/compression.hpp"

#include <zlib.h>

#include <limits>
#include <memory>

namespace slipway::ledger {

namespace {

struct InflateEnd {
    void operator()(z_stream* stream) const { inflateEnd(stream); }
};

} // namespace

Result<std::string> compress(std::string_view bytes) {
    if (bytes.size() > std::numeric_limits<uLong>::max())
        return fail("output too large to compress");
    uLongf size = compressBound(static_cast<uLong>(bytes.size()));
    std::string out(size, '\0');
    int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                       reinterpret_cast<const Bytef*>(bytes.data()),
                       static_cast<uLong>(bytes.size()), Z_DEFAULT_COMPRESSION);
    if (rc != Z_OK)
        return fail("zlib could not compress the output (error " + std::to_string(rc) + ")");
    out.resize(size);
    return out;
}

Result<std::string> decompress(std::string_view compressed, std::size_t limit) {
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK)
        return fail("zlib could not start inflating");
    std::unique_ptr<z_stream, InflateEnd> guard(&stream);
    if (compressed.size() > std::numeric_limits<uInt>::max())
        return fail("compressed output too large");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());

    std::string out;
    char chunk[16384];
    while (true) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk);
        stream.avail_out = sizeof chunk;
        int rc = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - stream.avail_out);
        if (out.size() > limit)
            return fail("compressed output inflates beyond " + std::to_string(limit) + " bytes");
        if (rc == Z_STREAM_END) {
            if (stream.avail_in != 0)
                return fail("compressed output has trailing bytes");
            return out;
        }
        if (rc == Z_BUF_ERROR && stream.avail_in == 0)
            return fail("compressed output is truncated");
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            return fail(std::string("compressed output is corrupt: ") +
                        (stream.msg ? stream.msg : "zlib error " + std::to_string(rc)));
    }
}

} // namespace slipway::ledger
