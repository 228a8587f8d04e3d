OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> assert [normalise_status(s) for s in ['ACTIVE', ' current', 'Expired', 'lapsed', '', 'None']] == ['active', 'active', 'expired', 'expired', "
                                               "'none', 'none']\n",
                                       'failure_message': 'normalise_status should return active, expired or none; check capitals, spaces, current and lapsed',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': ">>> assert isinstance(registry, pd.DataFrame) and set(registry['standing_status']) <= {'active', 'expired', 'none'}\n",
                                       'failure_message': 'registry should be the cleaned DataFrame returned by finder.clean_registry(raw)',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> assert isinstance(n_duplicates, int) and n_duplicates == len(raw) - len(registry) and (n_duplicates > 0)\n',
                                       'failure_message': 'n_duplicates should be the number of rows cleaning removed: compare len(raw) and len(registry)',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
