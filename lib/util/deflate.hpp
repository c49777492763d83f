// A zlib stream written a piece at a time: deploy output compressed as it comes, so memory
// holds compressed bytes, with the size and SHA-256 of what went in (the ledger's hash needs
// them and must not inflate the stream to get them).
#pragma once

#include "util/result.hpp"
#include "util/sha256.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct z_stream_s;

namespace slipway::util {

/// A finished zlib stream and what it inflates to. The stream is shared, not copied, by
/// copies: a deploy's summary and its ledger record hold one buffer of up to the cap.
struct Deflated {
    std::shared_ptr<const std::string> stream; ///< as zlib's inflate() reads it; null: none
    std::uint64_t size = 0;                    ///< bytes it inflates to
    std::string sha256;                        ///< SHA-256 of those bytes, 64 lowercase hex digits

    /// The bytes of the stream (empty when there is none).
    std::string_view zlib() const {
        return stream ? std::string_view(*stream) : std::string_view();
    }
    friend bool operator==(const Deflated& a, const Deflated& b) {
        return a.zlib() == b.zlib() && a.size == b.size && a.sha256 == b.sha256;
    }
};

/// Compresses what write() is given into one zlib stream held in memory. Move-only; the
/// zlib state is freed when it is destroyed.
class Deflater {
public:
    /// A new stream at zlib's default level. Fails only when zlib cannot allocate its state.
    static Result<Deflater> open();

    Deflater(Deflater&&) noexcept;
    Deflater& operator=(Deflater&&) noexcept;
    ~Deflater();

    /// Compresses `bytes` onto the stream. zlib keeps some of them back until it has enough
    /// for a block, so stored() lags behind until flush() or finish().
    Status write(std::string_view bytes);
    /// Pushes out everything written so far (a sync flush: a few bytes, and a new block), so
    /// that stored() counts all of it.
    Status flush();
    /// Bytes of the stream so far.
    std::uint64_t stored() const { return m_out.size(); }
    /// Bytes written so far (what the stream inflates to).
    std::uint64_t size() const { return m_size; }
    /// The most bytes the finished stream may have if `more` bytes are written after what was
    /// written so far: exact for what was flushed, zlib's worst case (deflateBound) for what
    /// was written since the last flush and for `more`.
    std::uint64_t bound(std::uint64_t more) const;
    /// Ends the stream and hands it over with its inflated size and SHA-256; the Deflater is
    /// spent afterwards.
    Result<Deflated> finish();

private:
    struct End {
        void operator()(z_stream_s* stream) const;
    };
    explicit Deflater(std::unique_ptr<z_stream_s, End> stream);
    Status run(std::string_view bytes, int flush);

    std::unique_ptr<z_stream_s, End> m_stream; ///< on the heap: zlib's state points back at it
    std::string m_out;
    std::uint64_t m_size = 0;
    std::uint64_t m_unflushed = 0; ///< bytes written since the last flush
    Sha256 m_sha;
};

} // namespace slipway::util
