// Owning smart pointers for libgit2 handles: each git_* object has one owner and one free.
#pragma once

#include <git2.h>

#include <memory>

namespace slipway::git {

namespace detail {
template <class T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const {
        if (p)
            Free(p);
    }
};
} // namespace detail

using RepositoryPtr =
    std::unique_ptr<git_repository, detail::Deleter<git_repository, git_repository_free>>;
using ObjectPtr = std::unique_ptr<git_object, detail::Deleter<git_object, git_object_free>>;
using CommitPtr = std::unique_ptr<git_commit, detail::Deleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, detail::Deleter<git_tree, git_tree_free>>;
using BlobPtr = std::unique_ptr<git_blob, detail::Deleter<git_blob, git_blob_free>>;
using TagPtr = std::unique_ptr<git_tag, detail::Deleter<git_tag, git_tag_free>>;
using ReferencePtr =
    std::unique_ptr<git_reference, detail::Deleter<git_reference, git_reference_free>>;
using ReferenceIteratorPtr =
    std::unique_ptr<git_reference_iterator,
                    detail::Deleter<git_reference_iterator, git_reference_iterator_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, detail::Deleter<git_revwalk, git_revwalk_free>>;
using ConfigPtr = std::unique_ptr<git_config, detail::Deleter<git_config, git_config_free>>;
using IndexPtr = std::unique_ptr<git_index, detail::Deleter<git_index, git_index_free>>;
using SignaturePtr =
    std::unique_ptr<git_signature, detail::Deleter<git_signature, git_signature_free>>;
using TreeBuilderPtr =
    std::unique_ptr<git_treebuilder, detail::Deleter<git_treebuilder, git_treebuilder_free>>;
using OdbPtr = std::unique_ptr<git_odb, detail::Deleter<git_odb, git_odb_free>>;
using OdbObjectPtr =
    std::unique_ptr<git_odb_object, detail::Deleter<git_odb_object, git_odb_object_free>>;

/// Frees a git_buf's contents when it goes out of scope.
class Buf {
public:
    Buf() = default;
    ~Buf() { git_buf_dispose(&m_buf); }
    Buf(const Buf&) = delete;
    Buf& operator=(const Buf&) = delete;
    git_buf* get() { return &m_buf; }
    std::string_view view() const { return {m_buf.ptr ? m_buf.ptr : "", m_buf.size}; }

private:
    git_buf m_buf = GIT_BUF_INIT;
};

} // namespace slipway::git
