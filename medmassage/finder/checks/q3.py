OK_FORMAT = True

test = {   'name': 'q3',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> _flags = red_flags_for(scenarios['bram-back-pain-numbness'])\n"
                                               ">>> assert isinstance(_flags, list) and len(_flags) >= 2 and all((f.urgency.value == 'emergency' for f in _flags))\n",
                                       'failure_message': 'Bram has numbness around the buttocks and bladder trouble: red_flags_for should return those red flags',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': ">>> assert red_flags_for(scenarios['ilsa-back-pain']) == [] and needs_doctor['ilsa-back-pain'] is False\n"
                                               ">>> assert isinstance(emergencies, list) and 'bram-back-pain-numbness' in emergencies and ('ilsa-back-pain' not in emergencies)\n",
                                       'failure_message': 'Ilsa has no warning signs: red_flags_for should return an empty list, needs_doctor should say False for her, and emergencies should list '
                                                          'Bram but not Ilsa',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
