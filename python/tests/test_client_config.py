"""Finding and reading submission configs, as the CLI does, with its error messages."""

import os
import unittest

from client_support import TempDirTest, berth, write
from berth import _config


class ConfigDiscoveryTest(TempDirTest):
    def test_the_projects_config_comes_before_the_users(self):
        project = self.project()
        write(project, "config/submission/lab.config.yaml", "scheduler_url: http://project:5000\n")
        write(os.environ["BERTH_HOME"], "config/submission/lab.config.yaml", "scheduler_url: http://home:5000\n")
        self.assertEqual("http://project:5000", berth.connect("lab", project).url)
        self.assertEqual("http://home:5000", berth.connect("lab", self.tmp).url)

    def test_atlas_places_come_last(self):
        write(os.path.join(os.environ["HOME"], ".foundations"), "config/submission/old.config.yaml",
              "scheduler_url: http://atlas:5000\njob_results_root: /x\n")
        self.assertEqual("http://atlas:5000", berth.connect("old", self.tmp).url)
        os.environ["FOUNDATIONS_HOME"] = os.path.join(self.tmp, "fh")
        write(os.environ["FOUNDATIONS_HOME"], "config/submission/old.config.yaml", "scheduler_url: http://fh:1\n")
        self.assertEqual("http://fh:1", berth.connect("old", self.tmp).url)

    def test_a_missing_env_says_where_it_looked_and_what_exists(self):
        write(os.environ["BERTH_HOME"], "config/submission/lab.config.yaml", "scheduler_url: http://x:1\n")
        with self.assertRaises(berth.ConfigError) as raised:
            berth.connect("nope", self.tmp)
        message = str(raised.exception)
        self.assertIn("no submission config named 'nope': looked for nope.config.yaml in "
                      + os.path.join(self.tmp, "config", "submission") + ", ", message)
        self.assertIn(os.path.join(os.environ["BERTH_HOME"], "config", "submission"), message)
        self.assertTrue(message.endswith("; available: lab"), message)

    def test_a_bad_env_name_is_refused(self):
        with self.assertRaisesRegex(berth.ConfigError, "'../x' is not a submission config name"):
            berth.connect("../x", self.tmp)


class ConfigFileTest(TempDirTest):
    def error(self, text):
        file = write(self.tmp, "config/submission/lab.config.yaml", text)
        with self.assertRaises(berth.ConfigError) as raised:
            berth.connect("lab", self.tmp)
        return file, str(raised.exception)

    def test_quoted_values_comments_and_atlas_blocks(self):
        file = write(self.tmp, "config/submission/lab.config.yaml",
                     "# lab\n---\nscheduler_url: 'https://berth.lab:5000'   # the server\n"
                     "token: \"berth_abc\\u0031\"\nca_cert: ca.pem\nworker:\n  image: x\n  volumes:\n"
                     "    /a: {bind: /b}\ncache_config:\n  end_point: /c\nredis_url: redis://x:6379\n")
        config = _config.find("lab", self.tmp)
        self.assertEqual(("https://berth.lab:5000", "berth_abc1", os.path.join(os.path.dirname(file), "ca.pem")),
                         (config.scheduler_url, config.token, config.ca_cert))
        self.assertEqual(["cache_config", "redis_url", "worker"], config.ignored_keys)

    def test_atlas_results_ssh_and_log_level_keys_are_ignored_in_any_form(self):
        for text in ("results_config: {}\nssh_config: {host: x, port: 22}\nlog_level: INFO\n",
                     "results_config:\n  archive_end_point: /archives\nssh_config:\n  user: me\n"
                     "  key_path: ~/.ssh/id\nlog_level: DEBUG\n"):
            write(self.tmp, "config/submission/lab.config.yaml", "scheduler_url: http://x:1\n" + text)
            config = _config.find("lab", self.tmp)
            self.assertEqual(("http://x:1", ["results_config", "ssh_config", "log_level"]),
                             (config.scheduler_url, config.ignored_keys))

    def test_a_comment_right_after_the_colon_is_no_value(self):
        for line in ("token: #abc", "token:\t# x", "token: # x # y", "token:   #"):
            write(self.tmp, "config/submission/lab.config.yaml", "scheduler_url: http://x:1 # the server\n" + line)
            config = _config.find("lab", self.tmp)
            self.assertEqual(("http://x:1", None), (config.scheduler_url, config.token), line)
        write(self.tmp, "config/submission/lab.config.yaml", "scheduler_url: http://x:1\ntoken: a#b\n")
        self.assertEqual("a#b", _config.find("lab", self.tmp).token)

    def test_unknown_keys_name_file_line_and_the_closest_key(self):
        file, message = self.error("scheduler_url: http://x:1\n\nscheduler_ulr: http://y:1\n")
        self.assertEqual(file + ":3: unknown key 'scheduler_ulr' (did you mean scheduler_url?)", message)
        _, message = self.error("scheduler_url: http://x:1\nsomething_else: 1\n")
        self.assertIn(":2: unknown key 'something_else' (known keys: ca_cert, cache_config, ", message)

    def test_values_it_cannot_read_name_the_line(self):
        for text, line in (("scheduler_url: [http://x]\n", 1), ("token: 'open\n", 1),
                           ("scheduler_url: http://x:1\n  indented: 1\n", 1), ("  lead: 1\n", 1),
                           ("scheduler_url: http://x:1\ntoken: |\n  abc\n", 2), ("just words\n", 1)):
            file, message = self.error(text)
            self.assertTrue(message.startswith("{}:{}: ".format(file, line)), message)

    def test_anchors_aliases_merge_keys_and_tags_are_refused_as_the_java_reader_does(self):
        url = "scheduler_url: http://x:1\n"
        tag = "YAML tags ({}) are not supported; write the plain value (quoted, for a string)"
        for text, line, key, detail in (
                (url + "token: !!str abcdefghijklmnop\n", 2, "token", tag.format("!!str")),
                ("scheduler_url: *u\n", 1, "scheduler_url", "YAML aliases (*u) are not supported; write the value"),
                (url + "worker: &w\n  image: x\n", 2, "worker", "YAML anchors (&w) are not supported; remove it"),
                (url + "worker:\n  image: x\n  <<: {ram: 1}\n", 4, "worker",
                 "YAML merge keys (<<) are not supported; write the keys out"),
                (url + "cache_config:\n  - [a, !!python/object:os.system x]\n", 3, "cache_config",
                 tag.format("!!python/object:os.system")),
                (url + "redis_url: !<tag:example.com,2024:u> x\n", 2, "redis_url",
                 tag.format("!<tag:example.com,2024:u>")),
                (url + "ssh_config: {host: *h}\n", 2, "ssh_config",
                 "YAML aliases (*h) are not supported; write the value"),
                (url + "<<: {token: x}\n", 2, None, "YAML merge keys (<<) are not supported; write the keys out"),
                (url + "!!str token: x\n", 2, None, tag.format("!!str"))):
            file, message = self.error(text)
            self.assertEqual("{}:{}: {}{}".format(file, line, "" if key is None else key + ": ", detail), message, text)

    def test_text_that_only_looks_like_an_anchor_alias_tag_or_merge_key_is_read(self):
        write(self.tmp, "config/submission/lab.config.yaml",
              "scheduler_url: \"http://x:1/a*b\"\ntoken: 'abc!def&ghi*jkl'\nworker:\n  command: \"a*b\"\n"
              "  note: it's 5 * 3\n  pattern: \"!x\"\n  amp: a&b, *c - &d\n  '<<': 1\n  merge: <<\n"
              "  script: |\n    &a *a !!str\n    <<: x\n  # &a *a !!str <<: x\n  url: http://u:p@h/*x\n")
        config = _config.find("lab", self.tmp)
        self.assertEqual(("http://x:1/a*b", "abc!def&ghi*jkl", ["worker"]),
                         (config.scheduler_url, config.token, config.ignored_keys))

    def test_url_token_and_ca_cert_are_checked(self):
        file, message = self.error("# nothing\n")
        self.assertEqual(file + ": scheduler_url: required, e.g. http://127.0.0.1:5000", message)
        _, message = self.error("scheduler_url: ftp://x\n")
        self.assertIn(":1: scheduler_url: must be an http:// or https:// URL like http://127.0.0.1:5000, got 'ftp://x'",
                      message)
        _, message = self.error("scheduler_url: http://x:1\nca_cert: ca.pem\n")
        self.assertIn(":2: ca_cert: needs an https:// scheduler_url", message)
        _, message = self.error("scheduler_url: http://x:1\ntoken: '  '\n")
        self.assertIn(":2: token: must not be empty", message)
        _, message = self.error("scheduler_url: http://x:1\nscheduler_url: http://y:1\n")
        self.assertIn(":2: duplicate key 'scheduler_url'", message)

    def test_a_ca_cert_without_a_certificate_is_refused(self):
        write(self.tmp, "config/submission/ca.pem", "not a certificate\n")
        file = write(self.tmp, "config/submission/lab.config.yaml",
                     "scheduler_url: https://x:1\nca_cert: ca.pem\n")
        with self.assertRaisesRegex(berth.ConfigError, "ca.pem: holds no PEM certificate"):
            berth.connect("lab", self.tmp)
        self.assertTrue(os.path.isfile(file))


if __name__ == "__main__":
    unittest.main()
