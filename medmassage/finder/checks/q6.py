OK_FORMAT = True

test = {   'name': 'q6',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> assert ax.get_title().strip() != '' and ax.get_xlabel().strip() != '' and (ax.get_ylabel().strip() != '')\n",
                                       'failure_message': 'the axes need a title, an x label and a y label',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> assert isinstance(caption, str) and len(caption.strip()) >= 20\n',
                                       'failure_message': 'caption should be a sentence (a string of at least 20 characters) describing the plot',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
