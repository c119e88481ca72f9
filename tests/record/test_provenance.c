/* tests/record/test_provenance.c — the pure pieces of provenance. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "provenance.h"

Test(provenance, shell_quoting)
{
    char *const argv[] = {"bench-run", "--config", "my file.yaml", "--set", "network.neuron=it's",
                          "", "a;b", "x=1,y/z", "$HOME"};
    char *q = ss_shell_quote_argv(9, argv);
    cr_assert_str_eq(q, "bench-run --config 'my file.yaml' --set 'network.neuron=it'\\''s' '' 'a;b' "
                        "x=1,y/z '$HOME'");
    free(q);
    q = ss_shell_quote_argv(0, argv);
    cr_assert_str_eq(q, "");
    free(q);
}

Test(provenance, secret_names)
{
    const char *secret[] = {"GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "PGPASSWORD", "SSH_KEYFILE",
                            "my_credentials", "api_key", "PASSPHRASE", "MUNGE_KEY"};
    const char *kept[] = {"HOME", "PATH", "OMP_WAIT_POLICY", "SLURM_JOB_ID", "KE_Y", "PAS"};
    for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++)
        cr_assert(ss_env_name_is_secret(secret[i]), "%s", secret[i]);
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        cr_assert(!ss_env_name_is_secret(kept[i]), "%s", kept[i]);
}

Test(provenance, environment_split_filtered_sorted)
{
    char *const envp[] = {"PATH=/usr/bin", "SLURM_NNODES=2", "MY_TOKEN=abc", "HOME=/root",
                          "SLURM_JOB_ID=42", "SLURM_STEP_KEY=x", "EQ=a=b", "EMPTY=", NULL};
    ss_rec_kv *slurm, *env;
    size_t ns, ne;
    cr_assert_eq(ss_env_collect(envp, &slurm, &ns, &env, &ne), 0);
    cr_assert_eq(ns, 2);
    cr_assert_str_eq(slurm[0].key, "SLURM_JOB_ID");
    cr_assert_str_eq(slurm[0].value, "42");
    cr_assert_str_eq(slurm[1].key, "SLURM_NNODES");
    cr_assert_eq(ne, 4);
    const char *keys[] = {"EMPTY", "EQ", "HOME", "PATH"};
    const char *vals[] = {"", "a=b", "/root", "/usr/bin"};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_str_eq(env[i].key, keys[i]);
        cr_assert_str_eq(env[i].value, vals[i]);
    }
    ss_env_free(slurm, ns);
    ss_env_free(env, ne);
}

Test(provenance, iso8601_utc)
{
    char buf[32];
    ss_iso8601_utc(0, buf, sizeof buf);
    cr_assert_str_eq(buf, "1970-01-01T00:00:00Z");
    ss_iso8601_utc(1795316399, buf, sizeof buf);
    cr_assert_str_eq(buf, "2026-11-22T02:59:59Z");
}

Test(provenance, git_dirty_flag)
{
    cr_assert_eq(ss_git_is_dirty("0123abcd-dirty"), 1);
    cr_assert_eq(ss_git_is_dirty("0123abcd"), 0);
    cr_assert_eq(ss_git_is_dirty("dirty"), 0);
    cr_assert_eq(ss_git_is_dirty(NULL), 0);
}
