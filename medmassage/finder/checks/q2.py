OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> _row = {'place': 'uk', 'standing': 'cnhc-registration', 'standing_place': 'uk', 'standing_status': 'active', 'standing_expires': "
                                               "pd.Timestamp('2027-01-01')}\n"
                                               ">>> assert counts_here(_row, 'uk') is True and counts_here(dict(_row, standing_status='expired'), 'uk') is False\n",
                                       'failure_message': 'an active CNHC registration issued in the UK should count there; an expired one should not',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': ">>> assert isinstance(verified, pd.DataFrame) and 0 < len(verified) < len(registry) and (set(verified['place']) == {patient.place})\n",
                                       'failure_message': "verified should be a DataFrame of rows from registry, all practising in the patient's place",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> assert isinstance(expired_but_marked_active, int) and expired_but_marked_active > 0\n',
                                       'failure_message': 'expired_but_marked_active should count the issues whose problem starts with marked active, but expired',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
