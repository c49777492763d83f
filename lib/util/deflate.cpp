// A zlib stream written a piece at a time: deploy output compressed as it comes.
#include "util/deflate.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace slipway::util {

void Deflater::End::operator()(z_stream_s* stream) const {
    deflateEnd(stream);
    delete stream;
}

Result<Deflater> Deflater::open() {
    std::unique_ptr<z_stream_s, End> stream(new z_stream_s{});
    // On failure zlib has freed what it allocated; deflateEnd() then does nothing.
    if (int rc = deflateInit(stream.get(), Z_DEFAULT_COMPRESSION); rc != Z_OK)
        return fail("zlib could not start compressing (error " + std::to_string(rc) + ")");
    return Deflater(std::move(stream));
}

Deflater::Deflater(std::unique_ptr<z_stream_s, End> stream)
    : m_stream(std::move(stream)) {}
Deflater::Deflater(Deflater&&) noexcept = default;
Deflater& Deflater::operator=(Deflater&&) noexcept = default;
Deflater::~Deflater() = default;

Status Deflater::run(std::string_view bytes, int flush) {
    if (!m_stream)
        return fail("the compressed stream was already finished");
    z_stream_s& z = *m_stream;
    char chunk[16384];
    do {
        // zlib counts input in uInt: feed a huge piece in parts.
        const std::size_t part =
            std::min<std::size_t>(bytes.size(), std::numeric_limits<uInt>::max());
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
        z.avail_in = static_cast<uInt>(part);
        const int mode = part == bytes.size() ? flush : Z_NO_FLUSH;
        // Until zlib leaves room in the chunk, it may have more to say.
        do {
            z.next_out = reinterpret_cast<Bytef*>(chunk);
            z.avail_out = sizeof chunk;
            const int rc = deflate(&z, mode);
            if (rc == Z_STREAM_ERROR)
                return fail("zlib could not compress the output (stream error)");
            m_out.append(chunk, sizeof chunk - z.avail_out);
        } while (z.avail_out == 0);
        bytes.remove_prefix(part);
    } while (!bytes.empty());
    return {};
}

Status Deflater::write(std::string_view bytes) {
    SLIPWAY_TRY(run(bytes, Z_NO_FLUSH));
    m_sha.update(bytes);
    m_size += bytes.size();
    m_unflushed += bytes.size();
    return {};
}

Status Deflater::flush() {
    SLIPWAY_TRY(run({}, Z_SYNC_FLUSH));
    m_unflushed = 0;
    return {};
}

std::uint64_t Deflater::bound(std::uint64_t more) const {
    const std::uint64_t pending = m_unflushed + more;
    // deflateBound() counts in uLong; past it, the worst case is beyond any cap anyway.
    if (!m_stream || pending > std::numeric_limits<uLong>::max() / 2)
        return std::numeric_limits<std::uint64_t>::max();
    return m_out.size() + deflateBound(m_stream.get(), static_cast<uLong>(pending));
}

Result<Deflated> Deflater::finish() {
    SLIPWAY_TRY(run({}, Z_FINISH));
    m_stream.reset();
    return Deflated{.stream = std::make_shared<const std::string>(std::move(m_out)),
                    .size = m_size,
                    .sha256 = to_hex(m_sha.digest())};
}

} // namespace slipway::util
